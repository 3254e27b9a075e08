using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Benchmarks;

/// <summary>
/// What one scenario asks for: how many runs, which share fails once, whether the web side writes meanwhile, how many
/// producers enqueue at once, and whether every run is queued before the engine starts (then the clock times the
/// engine alone draining the queue, with no producer to wait for).
/// </summary>
internal sealed record ScenarioSpec(string Name, int Runs, double FailingShare, bool BusyWeb, int Producers = 1, bool Prequeued = false);

/// <summary>What one scenario measured. Latencies in milliseconds.</summary>
internal sealed record ScenarioResult(
    BenchTarget Target, ScenarioSpec Spec, int Finished, int Succeeded, TimeSpan Total, TimeSpan Enqueue, Percentiles Pickup, Percentiles Completion,
    BusyWebSide.Counts? Web, CountingLoggerProvider.Counts EngineLog, PipelineOptions Options)
{
    public double RunsPerSecond => Finished / Total.TotalSeconds;
}

/// <summary>
/// The real engine (Host.CreateApplicationBuilder + AddWorkPipelinesDomain) on its own new database (a temp SQLite
/// file, or a PostgreSQL database created for the run and dropped after it) with the engine's default settings,
/// except a 10 ms retry base delay so fail-once runs finish.
/// </summary>
internal static class EngineScenario
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    public static async Task<ScenarioResult> RunAsync(BenchTarget target, ScenarioSpec spec)
    {
        await using var database = await target.CreateDatabaseAsync();
        var logCounter = new CountingLoggerProvider();
        using var host = await BuildAsync(database, logCounter);
        var workspace = await SeedWorkspaceAsync(host.Services);

        var finished = 0;
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = host.Services.GetRequiredService<RunEventBus>().Subscribe(e =>
        {
            if (e.Type is not (RunEventType.Succeeded or RunEventType.Failed or RunEventType.Cancelled)) return;
            if (Interlocked.Increment(ref finished) == spec.Runs) allDone.TrySetResult();
        });

        // Queued before the engine starts, the enqueues are timed alone: the producer's own cost, no engine beside it.
        var prequeue = System.Diagnostics.Stopwatch.StartNew();
        if (spec.Prequeued) await EnqueueAllAsync(host.Services, workspace, spec);
        var prequeued = prequeue.Elapsed;
        await host.StartAsync();
        await using var web = spec.BusyWeb ? BusyWebSide.Start(host.Services, workspace) : null;

        var clock = Stopwatch.StartNew();
        if (!spec.Prequeued) await EnqueueAllAsync(host.Services, workspace, spec);
        var enqueue = spec.Prequeued ? prequeued : clock.Elapsed;

        await Task.WhenAny(allDone.Task, Task.Delay(Deadline));
        var total = clock.Elapsed;
        var webCounts = web is null ? null : await web.StopAsync();
        var options = host.Services.GetRequiredService<IOptions<PipelineOptions>>().Value;
        await host.StopAsync();

        var (pickup, completion, succeeded) = await ReadLatenciesAsync(host.Services);
        return new ScenarioResult(target, spec, Volatile.Read(ref finished), succeeded, total, enqueue, pickup, completion, webCounts, logCounter.Snapshot(), options);
    }

    // Each producer enqueues its share of the runs one after another, each enqueue in its own scope (as a request would).
    private static Task EnqueueAllAsync(IServiceProvider services, Guid workspace, ScenarioSpec spec)
    {
        var failEvery = spec.FailingShare > 0 ? (int)Math.Round(1 / spec.FailingShare) : 0;
        return Task.WhenAll(Enumerable.Range(0, spec.Producers).Select(producer => Task.Run(async () =>
        {
            for (var i = producer; i < spec.Runs; i += spec.Producers)
            {
                var kind = failEvery > 0 && i % failEvery == 0 ? FailOnceRun.KindName : NoOpRun.KindName;
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<RunQueue>().EnqueueAsync(new PipelineRequest(workspace, kind) { Trigger = PipelineTrigger.Api });
            }
        })));
    }

    private static async Task<IHost> BuildAsync(BenchDatabase database, CountingLoggerProvider logCounter)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logCounter);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(database.Settings().Append(new("Pipelines:RetryBaseDelay", "00:00:00.010")));
        builder.Services.AddWorkPipelinesDomain(builder.Configuration);
        builder.Services.AddPipelineKind<NoOpRun>().AddPipelineKind<FailOnceRun>();

        var host = builder.Build();
        await host.Services.InitializeDatabaseAsync();
        // Migrations log on the way (SQLite: PRAGMAs outside a transaction; PostgreSQL: the history table not there yet).
        logCounter.Reset();
        host.Services.UsePipelines();
        return host;
    }

    private static async Task<Guid> SeedWorkspaceAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        var workspace = new Workspace { Id = Guid.CreateVersion7(), Name = "Benchmark" };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        return workspace.Id;
    }

    // Pickup is StartedAt - CreatedAt of first attempts only: a retried run's StartedAt is its
    // retry's start, which includes the backoff. Completion is FinishedAt - CreatedAt of every run.
    private static async Task<(Percentiles Pickup, Percentiles Completion, int Succeeded)> ReadLatenciesAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var runs = await scope.ServiceProvider.GetRequiredService<WorkDbContext>().PipelineRuns.IgnoreQueryFilters().AsNoTracking()
            .Select(r => new { r.CreatedAt, r.StartedAt, r.FinishedAt, r.Attempt, r.Status })
            .ToListAsync();
        var pickup = runs.Where(r => r.StartedAt is not null && r.Attempt == 1).Select(r => (r.StartedAt!.Value - r.CreatedAt).TotalMilliseconds).ToList();
        var completion = runs.Where(r => r.FinishedAt is not null).Select(r => (r.FinishedAt!.Value - r.CreatedAt).TotalMilliseconds).ToList();
        return (Percentiles.Of(pickup), Percentiles.Of(completion), runs.Count(r => r.Status == PipelineRunStatus.Succeeded));
    }
}

/// <summary>Nearest-rank percentiles of a sample.</summary>
internal sealed record Percentiles(int Count, double P50, double P95, double P99)
{
    public static Percentiles Of(List<double> values)
    {
        if (values.Count == 0) return new Percentiles(0, double.NaN, double.NaN, double.NaN);
        values.Sort();
        double At(double p) => values[Math.Clamp((int)Math.Ceiling(p * values.Count) - 1, 0, values.Count - 1)];
        return new Percentiles(values.Count, At(0.50), At(0.95), At(0.99));
    }
}
