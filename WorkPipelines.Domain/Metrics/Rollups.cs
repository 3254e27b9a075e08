using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Metrics;

/// <summary>
/// Raw records → daily metrics. Only the days a sync touched are recomputed: their rows are
/// replaced, in one transaction per 200 days, by sums over the connection's records of those days (and, for the metrics
/// shown as medians, a histogram: <see cref="MedianHistograms"/>). A sync calls it once, at its end, with every day its pages touched.
/// </summary>
/// <remarks>
/// Asked to, it also says which of those days now add up differently (a metric's total changed, appeared or went): a sync re-reads
/// days whose figures stay the same, and only the others are history that changed (see <see cref="Annotations.AutomaticAnnotations"/>).
/// </remarks>
public sealed class Rollups(WorkDbContext db)
{
    /// <param name="changed">When given, receives the days whose totals differ from what was there before.</param>
    public async Task<int> RecomputeAsync(Connection connection, IReadOnlyCollection<DateOnly> days, CancellationToken cancellationToken = default,
        ICollection<DateOnly>? changed = null)
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
                    if (MedianHistograms.Metrics.Contains(metric)) Add(sums, (MedianHistograms.Of(metric), record.Date, MedianHistograms.Bucket(value)), 1);
                }
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (changed is not null) await CompareAsync(connection, chunk, sums, changed, cancellationToken);
            await db.DailyMetrics.Where(m => m.Source == connection.Provider && chunk.Contains(m.Date)).ExecuteDeleteAsync(cancellationToken);
            written += await InsertAsync(transaction.GetDbTransaction(), connection, sums.ToList(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return written;
    }

    // Read in the rollup's transaction, so what is compared is what gets replaced.
    private async Task CompareAsync(Connection connection, DateOnly[] chunk, Dictionary<(string Metric, DateOnly Date, string Dimension), double> sums,
        ICollection<DateOnly> changed, CancellationToken cancellationToken)
    {
        var before = await db.DailyMetrics.AsNoTracking()
            .Where(m => m.Source == connection.Provider && m.Dimension == "" && chunk.Contains(m.Date))
            .Select(m => new { m.Metric, m.Date, m.Value })
            .ToListAsync(cancellationToken);
        var old = before.ToLookup(m => m.Date);
        var now = sums.Where(s => s.Key.Dimension == "").ToLookup(s => s.Key.Date);
        foreach (var day in chunk)
        {
            var was = old[day].ToDictionary(m => m.Metric, m => m.Value);
            var @is = now[day].ToDictionary(s => s.Key.Metric, s => s.Value);
            if (was.Count != @is.Count || @is.Any(m => !was.TryGetValue(m.Key, out var v) || !Same(v, m.Value))) changed.Add(day);
        }
    }

    // Sums of the same records in another order may differ in the last bits; that is not a change anyone would see.
    private static bool Same(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    // Multi-row INSERTs instead of EF's change tracker: a year of a busy source is thousands of rows. As many rows a statement
    // as the record writer finds fastest on each database (SQLite binds parameters by name, at a cost growing with their number).
    private int RowsPerStatement => db.Database.IsNpgsql() ? Connectors.Sync.RecordWriter.PostgresRowsPerStatement : Connectors.Sync.RecordWriter.SqliteRowsPerStatement;

    private async Task<int> InsertAsync(DbTransaction transaction, Connection connection, List<KeyValuePair<(string Metric, DateOnly Date, string Dimension), double>> rows,
        CancellationToken cancellationToken)
    {
        var postgres = db.Database.IsNpgsql();
        var written = 0;
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"""
                INSERT INTO "DailyMetrics" ("WorkspaceId", "Source", "Metric", "Date", "Dimension", "Value")
                VALUES {string.Join(", ", chunk.Select((_, i) => $"(@w, @s, @m{i}, @d{i}, @x{i}, @v{i})"))}
                """;
            Add(command, "@w", postgres ? connection.WorkspaceId : connection.WorkspaceId.ToString().ToUpperInvariant());
            Add(command, "@s", connection.Provider);
            for (var i = 0; i < chunk.Length; i++)
            {
                var ((metric, date, dimension), value) = chunk[i];
                Add(command, $"@m{i}", metric);
                Add(command, $"@d{i}", postgres ? date : date.ToString("yyyy-MM-dd"));
                Add(command, $"@x{i}", dimension);
                Add(command, $"@v{i}", value);
            }
            written += await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return written;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static void Add(Dictionary<(string, DateOnly, string), double> sums, (string, DateOnly, string) key, double value) =>
        sums[key] = sums.GetValueOrDefault(key) + value;
}
