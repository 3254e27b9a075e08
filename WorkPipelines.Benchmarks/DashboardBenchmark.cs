using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Benchmarks;

/// <summary>
/// Scenario <c>dashboard</c>: a workspace with three years of daily metrics for all seven sources
/// (totals and breakdowns) and a million raw records; times the real aggregate (six panels in
/// parallel plus the blended strip) for 30 days and 12 months, beside one hand-written SQL query
/// per panel (plus its breakdown) computing the same sums.
/// </summary>
internal static class DashboardBenchmark
{
    private const int Iterations = 60;

    public static async Task RunAsync(int rawRecords)
    {
        await using var seeded = await SeededWorkspace.CreateAsync(rawRecords);
        var (host, database, workspace) = (seeded.Host, seeded.Database, seeded.Workspace);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Console.WriteLine();
        Console.WriteLine($"{"period",-8} {"aggregate p50",14} {"p95",8} {"hand SQL p50",14} {"p95",8} {"p95 ratio",10}");
        foreach (var key in new[] { "30d", "12m" })
        {
            var period = Period.Parse(key, null, null, null, today).Period!;
            var aggregate = await TimeAsync(() => AggregateAsync(host.Services, workspace, period));
            var hand = await TimeAsync(() => HandWrittenAsync(database, workspace, period));
            Console.WriteLine($"{key,-8} {aggregate.P50,12:N1}ms {aggregate.P95,6:N1}ms {hand.P50,12:N1}ms {hand.P95,6:N1}ms {aggregate.P95 / hand.P95,9:N2}x");
        }
        Console.WriteLine();
        Console.WriteLine($"{Iterations} timed calls per row after 5 warm-ups. The aggregate also computes the comparison period and the blended strip;");
        Console.WriteLine("the hand-written SQL computes the same numbers in one query per panel and one for the strip, on one connection.");
    }

    private static async Task<(double P50, double P95)> TimeAsync(Func<Task> call)
    {
        for (var i = 0; i < 5; i++) await call();
        var samples = new List<double>(Iterations);
        for (var i = 0; i < Iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            await call();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        return (samples[(int)Math.Ceiling(0.5 * Iterations) - 1], samples[(int)Math.Ceiling(0.95 * Iterations) - 1]);
    }

    private static async Task AggregateAsync(IServiceProvider services, Guid workspace, Period period)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspace, "Benchmark", null, WorkspaceRole.Admin);
        var result = await scope.ServiceProvider.GetRequiredService<DashboardAggregator>().AggregateAsync(period);
        if (result.Panels.Any(p => p.Status != PanelStatus.Ok)) throw new InvalidOperationException("a panel did not load");
    }

    // What a person would write for the same numbers: one query per panel (its connections, KPI sums for both ranges,
    // the charted days, the top five of its breakdown, MRR's all-history level, the raw values of a median) and one
    // for the blended strip.
    private static async Task HandWrittenAsync(string database, Guid workspace, Period period)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        foreach (var panel in PanelDefinitions.All)
        {
            var sources = InList(panel.Sources);
            List<string> parts =
            [
                $"""SELECT 'c', "Id", "Status", "LastSuccessAt", "Paused" FROM "Connections" WHERE "WorkspaceId" = $w AND "Provider" IN ({sources})""",
                $"""
                SELECT 'k', "Metric", NULL, SUM(CASE WHEN "Date" >= $from THEN "Value" END), SUM(CASE WHEN "Date" <= $compareTo THEN "Value" END)
                FROM "DailyMetrics" WHERE "WorkspaceId" = $w AND "Source" IN ({sources}) AND "Metric" IN ({InList(panel.KpiMetrics)})
                  AND "Dimension" = '' AND "Date" >= $compareFrom AND "Date" <= $to GROUP BY "Metric"
                """,
                $"""
                SELECT 'd', "Metric", "Date", SUM("Value"), NULL
                FROM "DailyMetrics" WHERE "WorkspaceId" = $w AND "Source" IN ({sources}) AND "Metric" IN ({InList(panel.DailyMetrics)})
                  AND "Dimension" = '' AND "Date" >= $compareFrom AND "Date" <= $to GROUP BY "Metric", "Date"
                """,
            ];
            if (panel.Breakdown is { } breakdown)
                parts.Add($"""
                    SELECT * FROM (SELECT 'b', "Dimension", NULL, SUM("Value") AS v, NULL
                    FROM "DailyMetrics" WHERE "WorkspaceId" = $w AND "Source" IN ({sources}) AND "Metric" = '{breakdown.Metric}'
                      AND "Dimension" <> '' AND "Date" >= $from AND "Date" <= $to GROUP BY "Dimension" ORDER BY v DESC LIMIT 5)
                    """);
            if (panel.Kpis.FirstOrDefault(k => k.Cumulative) is { } level)
                parts.Add($"""
                    SELECT 'l', "Metric", NULL, SUM("Value"), SUM(CASE WHEN "Date" <= $compareTo THEN "Value" END)
                    FROM "DailyMetrics" WHERE "WorkspaceId" = $w AND "Source" IN ({sources}) AND "Metric" IN ({InList(level.Metrics)})
                      AND "Dimension" = '' AND "Date" <= $to GROUP BY "Metric"
                    """);
            if (panel.Kpis.FirstOrDefault(k => k.Median is not null) is { } median)
                parts.Add($"""
                    SELECT 'm', NULL, r."Date", json_extract(r."ValuesJson", '$."{median.Median}"') AS v, NULL
                    FROM "SourceRecords" r JOIN "Connections" c ON c."Id" = r."ConnectionId"
                    WHERE c."WorkspaceId" = $w AND c."Provider" IN ({sources}) AND r."Date" >= $compareFrom AND r."Date" <= $to AND v IS NOT NULL
                    """);
            await using var command = Command(connection, workspace, period, string.Join("\nUNION ALL\n", parts));
            await Drain(command);
        }

        await using var blended = Command(connection, workspace, period, $"""
            SELECT "Metric", SUM(CASE WHEN "Date" >= $from THEN "Value" END), SUM(CASE WHEN "Date" <= $compareTo THEN "Value" END)
            FROM "DailyMetrics" WHERE "WorkspaceId" = $w AND "Source" IN ({InList(ProviderCatalog.All.Select(p => p.Key).ToList())})
              AND "Metric" IN ({InList(PanelDefinitions.Blended.SelectMany(k => k.Metrics).Distinct().ToList())})
              AND "Dimension" = '' AND "Date" >= $compareFrom AND "Date" <= $to GROUP BY "Metric"
            """);
        await Drain(blended);
    }

    private static string InList(IEnumerable<string> values) => string.Join(",", values.Select(v => $"'{v}'"));

    private static SqliteCommand Command(SqliteConnection connection, Guid workspace, Period period, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$w", workspace.ToString().ToUpperInvariant());
        command.Parameters.AddWithValue("$from", period.From.ToString("yyyy-MM-dd"));
        command.Parameters.AddWithValue("$to", period.To.ToString("yyyy-MM-dd"));
        command.Parameters.AddWithValue("$compareFrom", period.CompareFrom.ToString("yyyy-MM-dd"));
        command.Parameters.AddWithValue("$compareTo", period.CompareTo.ToString("yyyy-MM-dd"));
        return command;
    }

    private static async Task Drain(SqliteCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) { }
    }

    internal static async Task<(Guid Workspace, int Metrics)> SeedAsync(IServiceProvider services, string database, int rawRecords)
    {
        var workspace = new Workspace { Name = "Benchmark" };
        List<Connection> connections = [];
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
            db.Workspaces.Add(workspace);
            foreach (var provider in ProviderCatalog.All)
            {
                connections.Add(db.Connections.Add(new Connection
                {
                    WorkspaceId = workspace.Id, Provider = provider.Key, ProtectedCredentials = "-", BaseUrl = "https://example.invalid/",
                    Status = ConnectionStatus.Healthy, LastSuccessAt = DateTimeOffset.UtcNow,
                }).Entity);
            }
            await db.SaveChangesAsync();
        }

        var metricNames = PanelDefinitions.All.SelectMany(p => p.Sources.Select(s => (Source: s, Panel: p))).ToList();
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        var random = new Random(42);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var rows = 0;
        await using (var transaction = connection.BeginTransaction())
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """INSERT INTO "DailyMetrics" ("WorkspaceId", "Source", "Metric", "Date", "Dimension", "Value") VALUES ($w, $s, $m, $d, $dim, $v)""";
            var (w, s, m, d, dim, v) = (insert.Parameters.AddWithValue("$w", workspace.Id.ToString().ToUpperInvariant()), insert.Parameters.AddWithValue("$s", ""),
                insert.Parameters.AddWithValue("$m", ""), insert.Parameters.AddWithValue("$d", ""), insert.Parameters.AddWithValue("$dim", ""), insert.Parameters.AddWithValue("$v", 0.0));
            foreach (var (source, panel) in metricNames)
            {
                var names = panel.KpiMetrics.Concat(panel.DailyMetrics).Distinct().ToList();
                for (var day = today.AddDays(-3 * 365); day <= today; day = day.AddDays(1))
                {
                    foreach (var name in names)
                    {
                        (s.Value, m.Value, d.Value, dim.Value, v.Value) = (source, name, day.ToString("yyyy-MM-dd"), "", random.Next(1, 5000) / 10.0);
                        await insert.ExecuteNonQueryAsync();
                        rows++;
                    }
                    if (panel.Breakdown is { } breakdown)
                    {
                        for (var k = 0; k < 8; k++)
                        {
                            (s.Value, m.Value, d.Value, dim.Value, v.Value) = (source, breakdown.Metric, day.ToString("yyyy-MM-dd"), $"{breakdown.Label} {k}", random.Next(1, 900) / 10.0);
                            await insert.ExecuteNonQueryAsync();
                            rows++;
                        }
                    }
                }
            }
            await transaction.CommitAsync();
        }

        // Raw records spread over the seven connections and three years; Zendesk's carry first-reply times (the median tile).
        await using (var transaction = connection.BeginTransaction())
        await using (var raw = connection.CreateCommand())
        {
            raw.Transaction = transaction;
            raw.CommandText = """INSERT INTO "SourceRecords" ("WorkspaceId", "ConnectionId", "Stream", "ExternalId", "Date", "Dimension", "ValuesJson", "SyncedAt") VALUES ($w, $c, 'bench', $id, $d, '', $json, 0)""";
            raw.Parameters.AddWithValue("$w", workspace.Id.ToString().ToUpperInvariant());
            var (owner, id, date, json) = (raw.Parameters.AddWithValue("$c", ""), raw.Parameters.AddWithValue("$id", ""), raw.Parameters.AddWithValue("$d", ""), raw.Parameters.AddWithValue("$json", ""));
            for (var i = 0; i < rawRecords; i++)
            {
                var of = connections[i % connections.Count];
                owner.Value = of.Id.ToString().ToUpperInvariant();
                id.Value = i.ToString("x8");
                date.Value = today.AddDays(-(i / connections.Count % 1095)).ToString("yyyy-MM-dd");
                json.Value = of.Provider == "zendesk"
                    ? $$"""{"support.first_reply_minutes":{{random.Next(1, 600)}},"support.first_reply_count":1}"""
                    : """{"records":1}""";
                await raw.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        return (workspace.Id, rows);
    }
}
