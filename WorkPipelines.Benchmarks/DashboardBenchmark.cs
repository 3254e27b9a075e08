using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Benchmarks;

/// <summary>
/// Scenario <c>dashboard</c>: a workspace with three years of daily metrics for all seven sources
/// (totals and breakdowns) and a million raw records; times the real aggregate (six panels in
/// parallel plus the blended strip) for 30 days and 12 months, beside one hand-written SQL query
/// per panel (plus its breakdown) computing the same sums. On SQLite and, when a server is given,
/// on PostgreSQL (each with its own new database), printed side by side.
/// </summary>
internal static class DashboardBenchmark
{
    private const int Iterations = 60;

    private sealed record Row(string Period, BenchTarget Target, (double P50, double P95) Aggregate, (double P50, double P95) Hand, (double P50, double P95) Repeat);

    public static async Task RunAsync(int rawRecords, string? postgresServer)
    {
        var targets = BenchTarget.All(postgresServer);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        List<Row> rows = [];
        foreach (var target in targets)
        {
            await using var seeded = await SeededWorkspace.CreateAsync(target, rawRecords);
            foreach (var key in new[] { "30d", "12m" })
            {
                var period = Period.Parse(key, null, null, null, today).Period!;
                // Cold: each view follows a finished sync (new data version, so nothing cached), the first view after a sync.
                var aggregate = await TimeAsync(() => AggregateAsync(seeded.Services, seeded.Workspace, period), before: () => FinishSyncAsync(seeded));
                var hand = await TimeAsync(() => HandWrittenDashboardSql.RunAsync(seeded.Database, seeded.Workspace, period));
                // Repeat: the same view again with the data unchanged.
                var repeat = await TimeAsync(() => AggregateAsync(seeded.Services, seeded.Workspace, period));
                rows.Add(new Row(key, target, aggregate, hand, repeat));
                Console.WriteLine($"{target.Label}: {key} measured");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{"period",-8} {"database",-11} {"cold p50",10} {"p95",8} {"hand SQL p50",14} {"p95",8} {"p95 ratio",10} {"repeat p50",12} {"p95",8}");
        foreach (var r in rows.OrderBy(r => r.Period == "12m").ThenBy(r => r.Target.IsPostgres))
            Console.WriteLine($"{r.Period,-8} {r.Target.Label,-11} {r.Aggregate.P50,8:N1}ms {r.Aggregate.P95,6:N1}ms {r.Hand.P50,12:N1}ms {r.Hand.P95,6:N1}ms {r.Aggregate.P95 / r.Hand.P95,9:N2}x {r.Repeat.P50,10:N2}ms {r.Repeat.P95,6:N2}ms");
        Console.WriteLine();
        Console.WriteLine($"{Iterations} timed calls per row after 5 warm-ups. Cold: the first view after a sync finished (nothing cached). The aggregate");
        Console.WriteLine("also computes the comparison period and the blended strip; the hand-written SQL computes the same numbers in one command per");
        Console.WriteLine("panel and one for the strip, on one connection. Repeat: the same view again, data unchanged (from the cache).");
        if (targets.Count == 1) Console.WriteLine($"PostgreSQL: skipped (no --postgres and no {BenchTarget.Variable}).");
    }

    private static async Task<(double P50, double P95)> TimeAsync(Func<Task> call, Func<Task>? before = null)
    {
        for (var i = 0; i < 5; i++)
        {
            if (before is not null) await before();
            await call();
        }
        var samples = new List<double>(Iterations);
        for (var i = 0; i < Iterations; i++)
        {
            if (before is not null) await before();
            var clock = Stopwatch.StartNew();
            await call();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        return (samples[(int)Math.Ceiling(0.5 * Iterations) - 1], samples[(int)Math.Ceiling(0.95 * Iterations) - 1]);
    }

    /// <summary>What the end of a sync does to the dashboard: its connections' last sync time moves (untimed).</summary>
    private static async Task FinishSyncAsync(SeededWorkspace seeded)
    {
        await using var scope = seeded.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorkDbContext>().Connections.IgnoreQueryFilters().Where(c => c.WorkspaceId == seeded.Workspace)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSyncAt, DateTimeOffset.UtcNow));
    }

    private static async Task AggregateAsync(IServiceProvider services, Guid workspace, Period period)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspace, "Benchmark", null, WorkspaceRole.Admin);
        var result = await scope.ServiceProvider.GetRequiredService<DashboardAggregator>().AggregateAsync(period);
        if (result.Panels.FirstOrDefault(p => p.Status != PanelStatus.Ok) is { } failed)
            throw new InvalidOperationException($"panel {failed.Key} did not load: {failed.Status} {failed.Error}");
    }
}
