using WorkPipelines.Domain.Goals;

namespace WorkPipelines.Tests.Domain.Goals;

/// <summary>Months and quarters in the workspace's time zone, and the share of one gone by, worked out by hand.</summary>
public sealed class GoalPeriodTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void Mid_month_in_Berlin_counts_the_hour_lost_to_daylight_saving()
    {
        // March 2026 in Berlin: 1 Mar 00:00 +01:00 (28 Feb 23:00 UTC) to 1 Apr 00:00 +02:00 (31 Mar 22:00 UTC) = 743 hours,
        // the clocks going forward on 29 March. 16 Mar 12:00 UTC is 373 hours in.
        var now = new DateTimeOffset(2026, 3, 16, 12, 0, 0, TimeSpan.Zero);

        var period = GoalPeriod.Current(now, Berlin, GoalCadence.Month);

        Assert.Equal((new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)), (period.From, period.To));
        Assert.Equal(373.0 / 743, period.Elapsed(now, Berlin), precision: 12);
        Assert.Equal("March 2026", period.Name);
    }

    [Fact]
    public void Half_an_hour_after_midnight_in_Berlin_is_April_while_UTC_is_still_in_March()
    {
        var now = new DateTimeOffset(2026, 3, 31, 22, 30, 0, TimeSpan.Zero); // 1 Apr 00:30 in Berlin (+02:00)
        var justBefore = new DateTimeOffset(2026, 3, 31, 21, 59, 0, TimeSpan.Zero); // 31 Mar 23:59 in Berlin

        var april = GoalPeriod.Current(now, Berlin, GoalCadence.Month);
        var march = GoalPeriod.Current(justBefore, Berlin, GoalCadence.Month);

        Assert.Equal(new DateOnly(2026, 4, 1), april.From);
        Assert.Equal(0.5 / (30 * 24), april.Elapsed(now, Berlin), precision: 12);
        Assert.Equal(new DateOnly(2026, 3, 1), march.From);
        Assert.Equal((743 - 1.0 / 60) / 743, march.Elapsed(justBefore, Berlin), precision: 12);
        Assert.Equal(new DateOnly(2026, 4, 1), GoalPeriod.Current(now, TimeZoneInfo.Utc, GoalCadence.Month).From.AddMonths(1));
    }

    [Fact]
    public void New_Years_night_in_New_York_is_still_the_fourth_quarter()
    {
        // 1 Jan 2026 03:00 UTC is 31 Dec 22:00 in New York. Q4 runs from 1 Oct 00:00 -04:00 (04:00 UTC) to 1 Jan 00:00 -05:00
        // (05:00 UTC): 92 days and the hour the clocks went back, 2,209 hours, of which 2 are left.
        var now = new DateTimeOffset(2026, 1, 1, 3, 0, 0, TimeSpan.Zero);

        var quarter = GoalPeriod.Current(now, NewYork, GoalCadence.Quarter);

        Assert.Equal((new DateOnly(2025, 10, 1), new DateOnly(2025, 12, 31)), (quarter.From, quarter.To));
        Assert.Equal(2207.0 / 2209, quarter.Elapsed(now, NewYork), precision: 12);
        Assert.Equal("Q4 2025", quarter.Name);
        Assert.Equal(new DateOnly(2026, 1, 1), GoalPeriod.Current(now, TimeZoneInfo.Utc, GoalCadence.Quarter).From);
    }

    [Theory]
    [InlineData("2026-01-15", GoalCadence.Month, "2025-12-01", "2025-12-31")]
    [InlineData("2026-03-31", GoalCadence.Month, "2026-02-01", "2026-02-28")]
    [InlineData("2026-02-10", GoalCadence.Quarter, "2025-10-01", "2025-12-31")]
    [InlineData("2026-08-01", GoalCadence.Quarter, "2026-04-01", "2026-06-30")]
    public void The_period_before_is_the_whole_month_or_quarter_before(string day, GoalCadence cadence, string from, string to)
    {
        var previous = GoalPeriod.Containing(DateOnly.Parse(day), cadence).Previous;

        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to)), (previous.From, previous.To));
    }
}
