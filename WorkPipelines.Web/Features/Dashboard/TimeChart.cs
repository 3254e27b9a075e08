using System.Globalization;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Domain.Reports.Rendering;
using WorkPipelines.Web.Components.Shared.Charts;

namespace WorkPipelines.Web.Features.Dashboard;

/// <summary>
/// A panel's series over its period by day, week or month, each followed by its comparison range as a dotted twin.
/// Series come first in the panel's order, then their comparisons in the same order (how <see cref="ChartOptionsBuilder"/> pairs colours).
/// </summary>
public sealed record TimeChart(TimeGrain Grain, IReadOnlyList<TimeBucket> Buckets, IReadOnlyList<ChartSeries> Series)
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The buckets' first days (yyyy-MM-dd), for a time axis.</summary>
    public IReadOnlyList<string> Categories => Buckets.Select(b => b.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();

    /// <summary>What each point is called in tooltips and tables: "7 Dec 2026", "7 – 13 Dec 2026", "December 2026".</summary>
    public IReadOnlyList<string> Titles => Buckets.Select(Title).ToList();

    /// <summary>"per day", "per week", "per month".</summary>
    public string Per => $"per {Grain.ToString().ToLowerInvariant()}";

    /// <param name="panel">Whose series: it says how each metric adds up over several days.</param>
    /// <param name="from">The period's first day; the series' values are its days in order.</param>
    /// <param name="current">The period's series, in the panel's order.</param>
    /// <param name="previous">The comparison range's series in step with <paramref name="current"/>; empty for none.</param>
    /// <param name="comparison">What the comparison range is called ("last year").</param>
    public static TimeChart Build(PanelDefinition panel, DateOnly from, IReadOnlyList<SeriesData> current, IReadOnlyList<SeriesData> previous,
        TimeGrain grain, string comparison)
    {
        var days = current.Count == 0 ? 0 : current.Max(s => s.Values.Count);
        var buckets = TimeBuckets.Split(from, days, grain);
        var kinds = panel.SeriesMetrics.Select(m => TimeBuckets.KindOf(panel, m)).ToList();
        ChartSeries Grouped(SeriesData data, int index, bool isComparison) =>
            new(isComparison ? $"{data.Name} ({comparison})" : data.Name,
                TimeBuckets.Combine(data.Values.Select(v => (double?)v).ToList(), buckets, index < kinds.Count ? kinds[index] : SeriesKind.Sum))
            {
                IsComparison = isComparison,
            };
        return new TimeChart(grain, buckets,
            [.. current.Select((s, i) => Grouped(s, i, false)), .. previous.Select((s, i) => Grouped(s, i, true))]);
    }

    /// <summary>What a period's comparison range is called: "last year" for the same dates a year before, else "previous period".</summary>
    public static string ComparisonName(Period period) =>
        period.CompareFrom == period.From.AddYears(-1) ? "last year" : "previous period";

    private string Title(TimeBucket bucket)
    {
        var end = bucket.Start.AddDays(bucket.Count - 1);
        return Grain switch
        {
            TimeGrain.Day => ReportText.Range(bucket.Start, bucket.Start),
            TimeGrain.Month when bucket.Start.Day == 1 && end.AddDays(1).Day == 1 => bucket.Start.ToString("MMMM yyyy", Culture),
            _ => ReportText.Range(bucket.Start, end),
        };
    }
}
