using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Metrics;

/// <summary>
/// Raw records → daily metrics. Only the days a sync touched are recomputed: their rows are
/// replaced, in one transaction, by sums over the connection's records of those days.
/// </summary>
public sealed class Rollups(WorkDbContext db)
{
    public async Task<int> RecomputeAsync(Connection connection, IReadOnlyCollection<DateOnly> days, CancellationToken cancellationToken = default)
    {
        if (days.Count == 0) return 0;
        var written = 0;
        // Chunks keep the IN lists short.
        foreach (var chunk in days.Distinct().Order().Chunk(200))
        {
            var records = await db.SourceRecords.AsNoTracking()
                .Where(r => r.ConnectionId == connection.Id && chunk.Contains(r.Date))
                .Select(r => new { r.Date, r.Dimension, r.ValuesJson })
                .ToListAsync(cancellationToken);

            var sums = new Dictionary<(string Metric, DateOnly Date, string Dimension), double>();
            foreach (var record in records)
            {
                foreach (var (metric, value) in JsonSerializer.Deserialize<Dictionary<string, double>>(record.ValuesJson) ?? [])
                {
                    Add(sums, (metric, record.Date, ""), value);
                    if (record.Dimension.Length > 0) Add(sums, (metric, record.Date, record.Dimension), value);
                }
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.DailyMetrics.Where(m => m.Source == connection.Provider && chunk.Contains(m.Date)).ExecuteDeleteAsync(cancellationToken);
            db.DailyMetrics.AddRange(sums.Select(s => new DailyMetric
            {
                WorkspaceId = connection.WorkspaceId,
                Source = connection.Provider,
                Metric = s.Key.Metric,
                Date = s.Key.Date,
                Dimension = s.Key.Dimension,
                Value = s.Value,
            }));
            written += await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        return written;
    }

    private static void Add(Dictionary<(string, DateOnly, string), double> sums, (string, DateOnly, string) key, double value) =>
        sums[key] = sums.GetValueOrDefault(key) + value;
}
