using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Pipelines;

// The engine on PostgreSQL (WORKPIPELINES_TEST_POSTGRES; .ci/run starts the server). One collection, so these
// run one class at a time beside the rest of the suite; each test still gets a database of its own.

/// <summary>Every queue test of <see cref="RunQueueTests"/>, on PostgreSQL.</summary>
[Collection(PostgresEngine.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresRunQueueTests : RunQueueTests
{
    protected override bool OnPostgres => true;
}

/// <summary>Every worker test of <see cref="PipelineWorkerTests"/>, on PostgreSQL.</summary>
[Collection(PostgresEngine.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresPipelineWorkerTests : PipelineWorkerTests
{
    protected override bool OnPostgres => true;
}

/// <summary>The worker's heartbeat tests of <see cref="WorkerHeartbeatTests"/>, on PostgreSQL.</summary>
[Collection(PostgresEngine.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresWorkerHeartbeatTests : WorkerHeartbeatTests
{
    protected override bool OnPostgres => true;
}

/// <summary>Races SQLite cannot have (it serialises every writer) but PostgreSQL can.</summary>
[Collection(PostgresEngine.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresConcurrencyTests : IAsyncLifetime
{
    private PipelineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineTestHost.CreateAsync(postgres: true);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Concurrent_enqueues_of_one_concurrency_key_create_one_run()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            _host.EnqueueRequestAsync(new PipelineRequest(_host.WorkspaceA, LongKind.KindName) { ConcurrencyKey = "sync:one" }))));

        Assert.Single(results, r => r.IsNew);
        Assert.Single(results.Select(r => r.Run.Id).Distinct());
        Assert.Equal(1, await CountAsync(r => r.ConcurrencyKey == "sync:one"));
    }

    [Fact]
    public async Task Concurrent_claimers_start_one_run_per_concurrency_key_even_with_two_queued()
    {
        // Two Queued runs per key, as two instances writing at once could leave them; claimers race for all of them.
        const int keys = 12;
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
            var now = DateTimeOffset.UtcNow.AddSeconds(-1);
            for (var k = 0; k < keys; k++)
            for (var copy = 0; copy < 2; copy++)
            {
                db.PipelineRuns.Add(new PipelineRun
                {
                    WorkspaceId = _host.WorkspaceA, Kind = LongKind.KindName, PayloadJson = "{}", Status = PipelineRunStatus.Queued,
                    MaxAttempts = 1, Timeout = TimeSpan.FromMinutes(1), NextAttemptAt = now, ConcurrencyKey = $"key-{k}",
                    Trigger = PipelineTrigger.User, CreatedAt = now.AddTicks(2 * k + copy), // both copies of a key side by side in claim order
                });
            }
            await db.SaveChangesAsync();
        }

        var claims = await Task.WhenAll(Enumerable.Range(1, 8).Select(worker => Task.Run(async () =>
        {
            var mine = new List<PipelineRun>();
            while (await _host.WithQueueAsync(q => q.ClaimNextAsync($"worker-{worker}")) is { } run) mine.Add(run);
            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(keys, all.Count);
        Assert.Equal(keys, all.Select(r => r.ConcurrencyKey).Distinct().Count());
        Assert.Equal(keys, await CountAsync(r => r.Status == PipelineRunStatus.Running));
        Assert.Equal(keys, await CountAsync(r => r.Status == PipelineRunStatus.Queued));
    }

    [Fact]
    public async Task A_claimer_passes_over_a_run_another_transaction_has_locked()
    {
        var first = await _host.EnqueueAsync(QuickKind.KindName, payload: new QuickPayload("first"));
        var second = await _host.EnqueueAsync(QuickKind.KindName, payload: new QuickPayload("second"));

        // Another instance mid-claim holds the first run's row lock; without SKIP LOCKED this claim would wait for it.
        await using var scope = _host.Services.CreateAsyncScope();
        var other = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        await using var transaction = await other.Database.BeginTransactionAsync();
        await other.Database.ExecuteSqlAsync($"""SELECT 1 FROM "PipelineRuns" WHERE "Id" = {first.Id} FOR UPDATE""");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var claimed = await _host.WithQueueAsync(q => q.ClaimNextAsync("worker-2", deadline.Token));
        await transaction.RollbackAsync();

        Assert.Equal(second.Id, claimed?.Id);
        Assert.Equal(PipelineRunStatus.Queued, (await _host.GetAsync(first.Id)).Status);
    }

    [Fact]
    public async Task Two_engines_on_one_database_execute_every_run_exactly_once()
    {
        // A second host on the same database is a second instance: its own worker, pool and lease owner.
        await using var second = await PipelineTestHost.CreateAsync(shareDatabaseWith: _host);
        const int runs = 60;
        var ids = new List<Guid>();
        for (var i = 0; i < runs; i++) ids.Add((await _host.EnqueueAsync(QuickKind.KindName, payload: new QuickPayload($"run {i}"))).Id);

        await Task.WhenAll(_host.StartAsync(), second.StartAsync());
        foreach (var id in ids) await _host.WaitForStatusAsync(id, PipelineRunStatus.Succeeded, TimeSpan.FromSeconds(60));

        var executions = _host.Probe.Events.Concat(second.Probe.Events).Where(e => e.Event == "done").ToList();
        Assert.Equal(runs, executions.Count);
        Assert.Equal(ids.Order(), executions.Select(e => e.RunId).Order());
        foreach (var id in ids) Assert.Equal(1, (await _host.GetAsync(id)).Attempt);
    }

    [Fact]
    public async Task A_run_queued_on_one_instance_wakes_the_worker_of_another_at_once()
    {
        // The second instance polls only every ten minutes: only the NOTIFY of the enqueue can start the run in time.
        await using var second = await PipelineTestHost.CreateAsync(o => o.PollInterval = TimeSpan.FromMinutes(10), shareDatabaseWith: _host);
        await second.StartAsync();
        await WaitUntilListeningAsync();

        // Two runs one after the other: the listener looks once when it has connected, which may find the first
        // run without any notification; the second is queued after that look, when the worker waits on its poll.
        foreach (var message in new[] { "wake up", "again" })
        {
            var run = await _host.EnqueueAsync(QuickKind.KindName, payload: new QuickPayload(message));
            var done = await _host.WaitForStatusAsync(run.Id, PipelineRunStatus.Succeeded, TimeSpan.FromSeconds(60));
            Assert.Contains(second.Probe.Events, e => e.RunId == run.Id && e.Event == "done");
            Assert.Equal(1, done.Attempt);
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await using var scope = _host.Services.CreateAsyncScope();
            var listeners = await scope.ServiceProvider.GetRequiredService<WorkDbContext>().Database
                .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN workpipelines_runs'")
                .SingleAsync();
            if (listeners > 0) return;
            Assert.True(DateTime.UtcNow < until, "the second instance never started listening for queued runs");
            await Task.Delay(50);
        }
    }

    private async Task<int> CountAsync(System.Linq.Expressions.Expression<Func<PipelineRun, bool>> predicate)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkDbContext>().PipelineRuns.IgnoreQueryFilters().CountAsync(predicate);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresEngine
{
    public const string Name = "postgres-engine";
}
