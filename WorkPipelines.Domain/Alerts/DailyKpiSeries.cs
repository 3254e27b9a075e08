using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Alerts;

/// <summary>The daily totals a metric's formula reads, for the current workspace, and its value over any run of days.</summary>
public sealed class DailyKpiSeries(WorkDbContext db)
{
    /// <summary>Per day, the totals of the metric's inputs from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task<KpiDays> ReadAsync(AlertMetric metric, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var inputs = metric.Kpi.Snapshot is { } snapshot ? [snapshot] : metric.Kpi.Metrics;
        var rows = await db.DailyMetrics.AsNoTracking()
            .Where(m => m.Dimension == "" && EF.Constant(metric.Sources).Contains(m.Source) && EF.Constant(inputs).Contains(m.Metric))
            .Where(m => m.Date >= (metric.Kpi.Cumulative ? DateOnly.MinValue : from) && m.Date <= to)
            .GroupBy(m => new { m.Date, m.Metric })
            .Select(g => new { g.Key.Date, g.Key.Metric, Value = g.Sum(m => m.Value) })
            .ToListAsync(cancellationToken);

        var days = new Dictionary<DateOnly, Dictionary<string, double>>();
        var before = new Dictionary<string, double>();
        foreach (var row in rows)
        {
            if (row.Date < from) { before[row.Metric] = before.GetValueOrDefault(row.Metric) + row.Value; continue; }
            if (!days.TryGetValue(row.Date, out var sums)) days[row.Date] = sums = [];
            sums[row.Metric] = row.Value;
        }
        return new KpiDays(metric, days, before);
    }
}

/// <summary>A metric's inputs per day; days without data have none (and no value).</summary>
public sealed class KpiDays(AlertMetric metric, IReadOnlyDictionary<DateOnly, Dictionary<string, double>> days, IReadOnlyDictionary<string, double> before)
{
    /// <summary>The metric's value on one day, or null when that day has no data or the formula has no value (÷ 0).</summary>
    public double? On(DateOnly day) => Over(day, day);

    /// <summary>
    /// The metric over the days from <paramref name="first"/> to <paramref name="last"/>: the formula over their summed
    /// inputs (a snapshot: its last day's value; a running level: everything up to <paramref name="last"/>).
    /// </summary>
    public double? Over(DateOnly first, DateOnly last)
    {
        var kpi = metric.Kpi;
        if (kpi.Snapshot is { } snapshot)
        {
            for (var day = last; day >= first; day = day.AddDays(-1))
                if (days.TryGetValue(day, out var s) && s.TryGetValue(snapshot, out var level)) return level;
            return null;
        }

        var inRange = days.Where(d => d.Key >= first && d.Key <= last).Select(d => d.Value).ToList();
        if (inRange.Count == 0) return null;
        var totals = new Dictionary<string, double>(kpi.Cumulative ? before : []);
        if (kpi.Cumulative)
            foreach (var (day, sums) in days.Where(d => d.Key < first))
                foreach (var (name, value) in sums) totals[name] = totals.GetValueOrDefault(name) + value;
        foreach (var sums in inRange)
            foreach (var (name, value) in sums) totals[name] = totals.GetValueOrDefault(name) + value;
        return kpi.Compute(name => totals.GetValueOrDefault(name));
    }
}
