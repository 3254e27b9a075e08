using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Metrics;

/// <summary>
/// Medians (the first-reply tile) from per-day histograms the rollup keeps beside the sums, instead of from every raw record:
/// twelve months of a busy help desk (130 tickets a day) is ~47,000 raw tickets whose JSON the database had to open one by one,
/// and ~34,000 histogram rows it sums from the (…, metric, date, dimension, value) index without reading the table. A histogram row is a daily metric named <see cref="Of"/> the metric, with the
/// bucket in <see cref="DailyMetric.Dimension"/> and the count in <see cref="DailyMetric.Value"/>.
/// </summary>
/// <remarks>
/// Buckets: whole values below 60 are their own bucket, so whole minutes under an hour (Zendesk reports whole minutes) give the
/// exact median; from 60 up a bucket spans 2 % (60, 61.2, 62.4 …) and stands for its middle, so a median over an hour is within
/// 1 % of the exact one (a 2 h 30 m median is off by at most a minute and a half).
/// </remarks>
public static class MedianHistograms
{
    private const double ExactBelow = 60;
    private const double Ratio = 1.02;

    /// <summary>The metrics the dashboard shows as medians (<see cref="KpiDefinition.Median"/>); the rollup keeps histograms of these.</summary>
    public static readonly IReadOnlySet<string> Metrics = PanelDefinitions.All.SelectMany(p => p.Kpis).Select(k => k.Median).OfType<string>().ToHashSet();

    /// <summary>The daily metric holding <paramref name="metric"/>'s histogram ("support.first_reply_minutes#histogram").</summary>
    public static string Of(string metric) => metric + "#histogram";

    /// <summary>The bucket <paramref name="value"/> falls in, as stored: the value the bucket stands for, in invariant text.</summary>
    public static string Bucket(double value)
    {
        if (value < ExactBelow) return Math.Floor(Math.Max(value, 0)).ToString(CultureInfo.InvariantCulture);
        var index = Math.Floor(Math.Log(value / ExactBelow, Ratio));
        return Math.Round(ExactBelow * Math.Pow(Ratio, index + 0.5), 2).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The median of the values counted in <paramref name="buckets"/> (bucket text → count); null when there are none.</summary>
    public static double? Median(IEnumerable<(string Bucket, double Count)> buckets)
    {
        var sorted = buckets.Where(b => b.Count > 0)
            .Select(b => (Value: double.Parse(b.Bucket, CultureInfo.InvariantCulture), b.Count)).OrderBy(b => b.Value).ToList();
        var total = sorted.Sum(b => b.Count);
        if (total == 0) return null;
        // The values at positions ⌊(n−1)/2⌋ and ⌊n/2⌋ (0-based): the same one when n is odd, the middle pair when even.
        return (At(sorted, Math.Floor((total - 1) / 2)) + At(sorted, Math.Floor(total / 2))) / 2;
    }

    private static double At(List<(double Value, double Count)> sorted, double position)
    {
        var seen = 0.0;
        foreach (var (value, count) in sorted)
        {
            seen += count;
            if (position < seen) return value;
        }
        return sorted[^1].Value;
    }

    /// <summary>The median of <paramref name="metric"/> over the sources' days From–To, one grouped read of the histogram rows per range.</summary>
    public static async Task<double?> ReadAsync(WorkDbContext db, IReadOnlyList<string> sources, string metric, DateOnly from, DateOnly to,
        CancellationToken cancellationToken = default)
    {
        var histogram = Of(metric);
        var rows = await db.DailyMetrics.AsNoTracking()
            .Where(m => EF.Constant(sources).Contains(m.Source) && m.Metric == histogram && m.Date >= from && m.Date <= to)
            .GroupBy(m => m.Dimension).Select(g => new { Bucket = g.Key, Count = g.Sum(m => m.Value) })
            .ToListAsync(cancellationToken);
        return Median(rows.Select(r => (r.Bucket, r.Count)));
    }

    /// <summary>
    /// Data synced before histograms existed has the sums but not the histograms: recompute the rollups of every source that has a
    /// median metric's sums and none of its histogram, once, at start-up (after migrations, which on PostgreSQL hold the
    /// instances' migration lock, so one instance does it). Nothing to do on a new database or once done.
    /// </summary>
    public static async Task BackfillAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken = default)
    {
        List<string> medians = [.. Metrics], histograms = [.. Metrics.Select(Of)];
        List<(Guid Workspace, string Source)> missing;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
            missing = (await db.DailyMetrics.IgnoreQueryFilters().AsNoTracking()
                .Where(m => medians.Contains(m.Metric) && m.Dimension == "")
                .Select(m => new { m.WorkspaceId, m.Source }).Distinct()
                .Where(s => !db.DailyMetrics.IgnoreQueryFilters().Any(h => h.WorkspaceId == s.WorkspaceId && h.Source == s.Source && histograms.Contains(h.Metric)))
                .ToListAsync(cancellationToken)).Select(s => (s.WorkspaceId, s.Source)).ToList();
        }
        foreach (var (workspace, source) in missing)
        {
            // The rollup works in the workspace it acts in, as a sync's does.
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspace, "", null, WorkspaceRole.Admin);
            var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
            var rollups = scope.ServiceProvider.GetRequiredService<Rollups>();
            foreach (var connection in await db.Connections.Where(c => c.Provider == source).ToListAsync(cancellationToken))
            {
                var days = await db.SourceRecords.Where(r => r.ConnectionId == connection.Id).Select(r => r.Date).Distinct().ToListAsync(cancellationToken);
                await rollups.RecomputeAsync(connection, days, cancellationToken);
                logger.LogInformation("Rolled up {Days} days of {Provider} again to add median histograms", days.Count, connection.Provider);
            }
        }
    }
}
