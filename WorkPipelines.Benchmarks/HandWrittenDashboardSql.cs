using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;

namespace WorkPipelines.Benchmarks;

/// <summary>
/// What a person would write for the dashboard's numbers: one command per panel (its connections, KPI sums for both
/// ranges, the charted days, the top five of its breakdown, MRR's all-history level, a median's histogram buckets) and
/// one for the blended strip, on one connection. Same queries on both databases but for how a panel's queries travel
/// together — one UNION ALL on
/// SQLite; on PostgreSQL, whose UNION wants one type per column (uuid, text, date and bigint meet there), one
/// multi-statement command (one round trip, a result set per query).
/// </summary>
internal static class HandWrittenDashboardSql
{
    public static async Task RunAsync(BenchDatabase database, Guid workspace, Period period)
    {
        var postgres = database.IsPostgres;
        await using DbConnection connection = postgres ? new NpgsqlConnection(database.ConnectionString) : new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        foreach (var panel in PanelDefinitions.All)
        {
            var sources = InList(panel.Sources);
            List<string> parts =
            [
                $"""SELECT 'c', "Id", "Status", "LastSuccessAt", "Paused" FROM "Connections" WHERE "WorkspaceId" = @w AND "Provider" IN ({sources})""",
                $"""
                SELECT 'k', "Metric", NULL, SUM(CASE WHEN "Date" >= @from THEN "Value" END), SUM(CASE WHEN "Date" <= @compareTo THEN "Value" END)
                FROM "DailyMetrics" WHERE "WorkspaceId" = @w AND "Source" IN ({sources}) AND "Metric" IN ({InList(panel.KpiMetrics)})
                  AND "Dimension" = '' AND "Date" >= @compareFrom AND "Date" <= @to GROUP BY "Metric"
                """,
                $"""
                SELECT 'd', "Metric", "Date", SUM("Value"), NULL
                FROM "DailyMetrics" WHERE "WorkspaceId" = @w AND "Source" IN ({sources}) AND "Metric" IN ({InList(panel.DailyMetrics)})
                  AND "Dimension" = '' AND "Date" >= @compareFrom AND "Date" <= @to GROUP BY "Metric", "Date"
                """,
            ];
            if (panel.Breakdown is { } breakdown)
                parts.Add($"""
                    SELECT * FROM (SELECT 'b', "Dimension", NULL, SUM("Value") AS v, NULL
                    FROM "DailyMetrics" WHERE "WorkspaceId" = @w AND "Source" IN ({sources}) AND "Metric" = '{breakdown.Metric}'
                      AND "Dimension" <> '' AND "Date" >= @from AND "Date" <= @to GROUP BY "Dimension" ORDER BY v DESC LIMIT 5) AS top5
                    """);
            if (panel.Kpis.FirstOrDefault(k => k.Cumulative) is { } level)
                parts.Add($"""
                    SELECT 'l', "Metric", NULL, SUM("Value"), SUM(CASE WHEN "Date" <= @compareTo THEN "Value" END)
                    FROM "DailyMetrics" WHERE "WorkspaceId" = @w AND "Source" IN ({sources}) AND "Metric" IN ({InList(level.Metrics)})
                      AND "Dimension" = '' AND "Date" <= @to GROUP BY "Metric"
                    """);
            // A median from the daily histograms, as the app reads it: each bucket's count in both ranges (MedianHistograms).
            if (panel.Kpis.FirstOrDefault(k => k.Median is not null) is { } median)
                parts.Add($"""
                    SELECT 'm', "Dimension", NULL, SUM(CASE WHEN "Date" >= @from THEN "Value" END), SUM(CASE WHEN "Date" <= @compareTo THEN "Value" END)
                    FROM "DailyMetrics" WHERE "WorkspaceId" = @w AND "Source" IN ({sources}) AND "Metric" = '{MedianHistograms.Of(median.Median!)}'
                      AND "Date" >= @compareFrom AND "Date" <= @to GROUP BY "Dimension"
                    """);
            await using var command = Command(connection, postgres, workspace, period, string.Join(postgres ? ";\n" : "\nUNION ALL\n", parts));
            await DrainAsync(command);
        }

        await using var blended = Command(connection, postgres, workspace, period, $"""
            SELECT "Metric", SUM(CASE WHEN "Date" >= @from THEN "Value" END), SUM(CASE WHEN "Date" <= @compareTo THEN "Value" END)
            FROM "DailyMetrics" WHERE "WorkspaceId" = @w AND "Source" IN ({InList(ProviderCatalog.All.Select(p => p.Key).ToList())})
              AND "Metric" IN ({InList(PanelDefinitions.Blended.SelectMany(k => k.Metrics).Distinct().ToList())})
              AND "Dimension" = '' AND "Date" >= @compareFrom AND "Date" <= @to GROUP BY "Metric"
            """);
        await DrainAsync(blended);
    }

    private static string InList(IEnumerable<string> values) => string.Join(",", values.Select(v => $"'{v}'"));

    // SQLite stores ids as upper-case text and dates as yyyy-MM-dd text; PostgreSQL has uuid and date.
    private static DbCommand Command(DbConnection connection, bool postgres, Guid workspace, Period period, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "@w", postgres ? workspace : workspace.ToString().ToUpperInvariant());
        Add(command, "@from", Date(postgres, period.From));
        Add(command, "@to", Date(postgres, period.To));
        Add(command, "@compareFrom", Date(postgres, period.CompareFrom));
        Add(command, "@compareTo", Date(postgres, period.CompareTo));
        return command;
    }

    private static object Date(bool postgres, DateOnly date) => postgres ? date : date.ToString("yyyy-MM-dd");

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = (name, value);
        command.Parameters.Add(parameter);
    }

    private static async Task DrainAsync(DbCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        do { while (await reader.ReadAsync()) { } } while (await reader.NextResultAsync());
    }
}
