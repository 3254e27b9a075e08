using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics.Dashboard;

namespace WorkPipelines.Domain.Metrics;

/// <summary>A metric's value over each of several date ranges, or why it has none.</summary>
/// <param name="Connected">Whether any source the metric comes from is connected.</param>
/// <param name="Currency">The currency money values are in (the sources' markers); null for counts and rates, or when the sources did not say.</param>
/// <param name="Note">Why the values are empty (not connected, amounts in several currencies), in words for people.</param>
public sealed record MetricReadings(bool Connected, string? Currency, string? Note, IReadOnlyList<double?> Values);

/// <summary>
/// "The current value of metric M over days From–To" for the current workspace, computed as the dashboard's tile computes it
/// (sums, ratios of sums, running totals on the last day with data, medians from the daily histograms, all-time levels), for several ranges
/// in one read. Goals read a period and its predecessors with it; alert rules can read a day or a week the same way.
/// </summary>
public sealed class MetricReader(WorkDbContext db)
{
    public async Task<MetricReadings> ReadAsync(MetricEntry metric, IReadOnlyList<(DateOnly From, DateOnly To)> ranges, CancellationToken cancellationToken = default)
    {
        var sources = metric.Sources;
        var connections = await db.Connections.AsNoTracking().Where(c => EF.Constant(sources).Contains(c.Provider)).Select(c => c.Id).ToListAsync(cancellationToken);
        IReadOnlyList<double?> none = ranges.Select(_ => (double?)null).ToList();
        if (connections.Count == 0)
        {
            var names = string.Join(" or ", sources.Select(s => ProviderCatalog.Find(s)?.Title ?? s));
            return new MetricReadings(false, null, $"Connect {names} to measure {metric.Label.ToLowerInvariant()}.", none);
        }

        string? currency = null;
        if (metric.Format == KpiFormat.Money)
        {
            var codes = await CurrenciesAsync(metric, cancellationToken);
            if (codes.Count > 1)
                return new MetricReadings(true, null, $"Its amounts are in {string.Join(" and ", codes)}, which are not added up.", none);
            currency = codes.SingleOrDefault();
        }
        if (ranges.Count == 0) return new MetricReadings(true, currency, null, []);

        var kpi = metric.Kpi;
        List<double?> values = [];
        if (kpi.Median is { } median)
        {
            foreach (var (from, to) in ranges) values.Add(await MedianHistograms.ReadAsync(db, sources, median, from, to, cancellationToken));
            return new MetricReadings(true, currency, null, values);
        }

        // One read of daily totals covers every range; a level (MRR) needs all history up to each range's end.
        IReadOnlyList<string> metrics = kpi.Snapshot is { } snapshot ? [snapshot] : kpi.Metrics;
        var first = ranges.Min(r => r.From);
        var last = ranges.Max(r => r.To);
        var query = db.DailyMetrics.AsNoTracking().Where(m => EF.Constant(sources).Contains(m.Source) && EF.Constant(metrics).Contains(m.Metric) && m.Dimension == "" && m.Date <= last);
        if (!kpi.Cumulative) query = query.Where(m => m.Date >= first);
        var rows = await query.GroupBy(m => new { m.Metric, m.Date }).Select(g => new { g.Key.Metric, g.Key.Date, Value = g.Sum(m => m.Value) })
            .ToListAsync(cancellationToken);

        foreach (var (from, to) in ranges)
        {
            if (kpi.Snapshot is { } level)
            {
                values.Add(rows.Where(r => r.Metric == level && r.Date >= from && r.Date <= to).MaxBy(r => r.Date)?.Value);
                continue;
            }
            var start = kpi.Cumulative ? DateOnly.MinValue : from;
            var sums = rows.Where(r => r.Date >= start && r.Date <= to).GroupBy(r => r.Metric).ToDictionary(g => g.Key, g => g.Sum(r => r.Value));
            // A range with no rows at all is "no data" (before the source's history, or nothing synced yet), not a zero.
            values.Add(sums.Count == 0 ? null : kpi.Compute(m => sums.GetValueOrDefault(m)));
        }
        return new MetricReadings(true, currency, null, values);
    }

    // The currencies the metric's money comes in, from the markers its sources' connectors write (CurrencyMarkers).
    private async Task<List<string>> CurrenciesAsync(MetricEntry metric, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> sources = metric.Kpi.Metrics.Where(PanelDefinitions.MoneyMetrics.Contains).SelectMany(PanelDefinitions.SourcesOf).Distinct().ToList();
        return (await CurrencyMarkers.ReadAsync(db, sources, cancellationToken)).Values.SelectMany(c => c).Distinct().Order(StringComparer.Ordinal).ToList();
    }
}
