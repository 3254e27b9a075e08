using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WorkPipelines.Domain;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Pipelines;

/// <summary>
/// The domain with the run engine over its own temp SQLite file (or, with <c>postgres: true</c>, its own
/// PostgreSQL database), with short leases and the test kinds. Built but not started: queue tests drive <see cref="RunQueue"/> by hand; worker tests call
/// <see cref="StartAsync"/>.
/// </summary>
internal sealed class PipelineTestHost : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "workpipelines-tests", Guid.NewGuid().ToString("N"));
    private IHost _host = null!;
    private string? _postgres;
    private bool _ownsDatabase = true;
    private bool _started;

    public Guid WorkspaceA { get; private init; } = Guid.CreateVersion7();
    public Guid WorkspaceB { get; private init; } = Guid.CreateVersion7();
    public IServiceProvider Services => _host.Services;
    public KindProbe Probe => Services.GetRequiredService<KindProbe>();

    /// <param name="shareDatabaseWith">A PostgreSQL host whose database (and workspaces) this one uses too: a second instance.</param>
    /// <param name="settings">More configuration (e.g. <c>Outbound:AllowLoopbackEndpoints:0</c>), over the defaults.</param>
    public static async Task<PipelineTestHost> CreateAsync(Action<PipelineOptions>? configure = null, TimeProvider? time = null, bool postgres = false,
        PipelineTestHost? shareDatabaseWith = null, IDictionary<string, string?>? settings = null)
    {
        var host = shareDatabaseWith is { _postgres: { } shared }
            ? new PipelineTestHost { _postgres = shared, _ownsDatabase = false, WorkspaceA = shareDatabaseWith.WorkspaceA, WorkspaceB = shareDatabaseWith.WorkspaceB }
            : new PipelineTestHost { _postgres = postgres ? PostgresTestDatabase.NewConnectionString() : null };
        await host.BuildAsync(configure, time, settings);
        return host;
    }

    private async Task BuildAsync(Action<PipelineOptions>? configure, TimeProvider? time, IDictionary<string, string?>? settings)
    {
        Directory.CreateDirectory(_folder);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = _postgres is null ? "Sqlite" : "Postgres",
            ["ConnectionStrings:Work"] = _postgres ?? $"Data Source={Path.Combine(_folder, "work.db")}",
            ["Pipelines:LeaseDuration"] = "00:00:02",
            ["Pipelines:HeartbeatInterval"] = "00:00:00.200",
            ["Pipelines:PollInterval"] = "00:00:00.100",
            ["Pipelines:GracePeriod"] = "00:00:00.500",
            ["Pipelines:SweepIntervalSeconds"] = "1",
            ["Pipelines:RetryBaseDelay"] = "00:00:00.400",
            ["Pipelines:LogLinesPerRun"] = "10",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddWorkPipelinesDomain(builder.Configuration);
        if (configure is not null) builder.Services.Configure(configure);
        if (time is not null) builder.Services.Replace(ServiceDescriptor.Singleton(time));
        builder.Services.AddSingleton<KindProbe>();
        builder.Services
            .AddPipelineKind<QuickKind>()
            .AddPipelineKind<LongKind>()
            .AddPipelineKind<FlakyKind>()
            .AddPipelineKind<BrokenKind>()
            .AddPipelineKind<SlowKind>()
            .AddPipelineKind<ChattyKind>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

        _host = builder.Build();
        await _host.Services.InitializeDatabaseAsync();
        _host.Services.UsePipelines();
        if (!_ownsDatabase) return;

        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        db.Workspaces.AddRange(new Workspace { Id = WorkspaceA, Name = "A" }, new Workspace { Id = WorkspaceB, Name = "B" });
        await db.SaveChangesAsync();
    }

    public async Task StartAsync()
    {
        await _host.StartAsync();
        _started = true;
    }

    public async Task StopAsync()
    {
        await _host.StopAsync();
        _started = false;
    }

    public async Task<PipelineRun> EnqueueAsync(string kind, string? concurrencyKey = null, object? payload = null, Guid? workspace = null) =>
        (await EnqueueRequestAsync(new PipelineRequest(workspace ?? WorkspaceA, kind) { ConcurrencyKey = concurrencyKey, Payload = payload })).Run;

    public async Task<EnqueuedRun> EnqueueRequestAsync(PipelineRequest request) =>
        await WithQueueAsync(q => q.EnqueueAsync(request));

    public async Task<T> WithQueueAsync<T>(Func<RunQueue, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<RunQueue>());
    }

    /// <summary>A user path: the queue of a scope whose current workspace is <paramref name="workspace"/>.</summary>
    public async Task<T> AsMemberOfAsync<T>(Guid workspace, Func<RunQueue, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspace, "A", "u1", WorkspaceRole.Admin);
        return await action(scope.ServiceProvider.GetRequiredService<RunQueue>());
    }

    public async Task<PipelineRun> GetAsync(Guid runId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        return await db.PipelineRuns.IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.Id == runId);
    }

    public async Task<List<PipelineRunLog>> LogAsync(Guid runId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        return await db.PipelineRunLogs.IgnoreQueryFilters().AsNoTracking().Where(l => l.RunId == runId).OrderBy(l => l.Sequence).ToListAsync();
    }

    /// <summary>Polls until the run satisfies <paramref name="condition"/>; fails with the run's last state after <paramref name="deadline"/>.</summary>
    public async Task<PipelineRun> WaitForAsync(Guid runId, Func<PipelineRun, bool> condition, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var run = await GetAsync(runId);
            if (condition(run)) return run;
            if (DateTime.UtcNow > until)
                Assert.Fail($"run {run.Kind} did not reach the expected state in time; last: {run.Status}, attempt {run.Attempt}, {run.ErrorKind}: {run.ErrorMessage}");
            await Task.Delay(50);
        }
    }

    public Task<PipelineRun> WaitForStatusAsync(Guid runId, PipelineRunStatus status, TimeSpan? deadline = null) =>
        WaitForAsync(runId, r => r.Status == status, deadline);

    public async ValueTask DisposeAsync()
    {
        if (_started) await _host.StopAsync();
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgres is not null && _ownsDatabase) await PostgresTestDatabase.DropAsync(_postgres);
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
