using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;

namespace WorkPipelines.Tests.Domain.Metrics.Dashboard;

public sealed class TimeBucketsTests
{
    [Theory]
    [InlineData(7, TimeGrain.Day)]
    [InlineData(30, TimeGrain.Day)]
    [InlineData(90, TimeGrain.Day)]
    [InlineData(92, TimeGrain.Day)]
    [InlineData(93, TimeGrain.Week)]
    [InlineData(365, TimeGrain.Week)]
    [InlineData(366, TimeGrain.Week)]
    [InlineData(367, TimeGrain.Month)]
    [InlineData(3 * 366, TimeGrain.Month)]
    public void Grain_is_days_up_to_a_quarter_weeks_up_to_a_year_months_beyond(int days, TimeGrain grain) =>
        Assert.Equal(grain, TimeBuckets.Auto(days));

    [Theory]
    // Thursday 3 Dec 2026 for 12 days: Thu–Sun, then a whole week, then Mon.
    [InlineData(TimeGrain.Week, "2026-12-03", 12, "2026-12-03:4 2026-12-07:7 2026-12-14:1")]
    // Starting on a Monday: whole weeks.
    [InlineData(TimeGrain.Week, "2026-11-30", 14, "2026-11-30:7 2026-12-07:7")]
    // 8 Dec 2025 – 7 Feb 2026: partial months at both ends, a year boundary between.
    [InlineData(TimeGrain.Month, "2025-12-08", 62, "2025-12-08:24 2026-01-01:31 2026-02-01:7")]
    [InlineData(TimeGrain.Day, "2026-12-03", 3, "2026-12-03:1 2026-12-04:1 2026-12-05:1")]
    public void Buckets_follow_the_calendar_and_stay_inside_the_period(TimeGrain grain, string from, int days, string expected)
    {
        var buckets = TimeBuckets.Split(DateOnly.Parse(from), days, grain);

        Assert.Equal(expected, string.Join(" ", buckets.Select(b => $"{b.Start:yyyy-MM-dd}:{b.Count}")));
        Assert.Equal(Enumerable.Range(0, days), buckets.SelectMany(b => Enumerable.Range(b.First, b.Count)));
    }

    [Theory]
    [InlineData(TimeGrain.Day)]
    [InlineData(TimeGrain.Week)]
    [InlineData(TimeGrain.Month)]
    public void A_years_sums_grouped_any_way_add_up_to_the_tiles_total(TimeGrain grain)
    {
        var (period, _) = Period.Parse("12m", null, null, null, new DateOnly(2026, 12, 7));
        var days = Enumerable.Range(0, period!.Days).Select(i => (double?)(i % 7 * 10.25 + 1)).ToList();

        var grouped = TimeBuckets.Combine(days, TimeBuckets.Split(period.From, period.Days, grain), SeriesKind.Sum);

        Assert.Equal(days.Sum()!.Value, grouped.Sum()!.Value, precision: 6);
    }

    [Fact]
    public void A_running_total_keeps_its_last_level_and_an_empty_bucket_is_a_gap()
    {
        var buckets = TimeBuckets.Split(new DateOnly(2026, 11, 30), 21, TimeGrain.Week);
        double?[] followers = [100, 101, 102, 103, 104, 105, 106, 110, 111, null, null, null, null, null, null, null, null, null, null, null, null];

        Assert.Equal([106, 111, null], TimeBuckets.Combine(followers, buckets, SeriesKind.Last));
        Assert.Equal([721, 221, null], TimeBuckets.Combine(followers, buckets, SeriesKind.Sum));
        // Fewer values than days (a shorter comparison range): the missing days are missing, not zeros.
        Assert.Equal([3, null, null], TimeBuckets.Combine([1, 2], buckets, SeriesKind.Sum));
    }

    [Fact]
    public void Followers_are_a_running_total_and_reach_a_sum()
    {
        var social = PanelDefinitions.Find("social")!;

        Assert.Equal(SeriesKind.Last, TimeBuckets.KindOf(social, "social.followers"));
        Assert.Equal(SeriesKind.Sum, TimeBuckets.KindOf(social, "social.reach"));
    }
}
