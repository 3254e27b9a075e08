using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Pipelines.Store;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Pipelines;

/// <summary>The queue's state transitions, driven by hand on a real SQLite file with a hand-moved clock (no worker).</summary>
public class RunQueueTests : IAsyncLifetime
{
    /// <summary>Runs every test of this class on PostgreSQL instead of SQLite (see PostgresEngineTests.cs).</summary>
    protected virtual bool OnPostgres => false;

    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private PipelineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineTestHost.CreateAsync(time: _time, postgres: OnPostgres);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static readonly QuickPayload Payload = new("hi");

    [Fact]
    public async Task Claim_is_exclusive_under_concurrent_claimers()
    {
        const int runs = 30;
        for (var i = 0; i < runs; i++) await _host.EnqueueAsync(QuickKind.KindName, payload: Payload);

        var claims = await Task.WhenAll(Enumerable.Range(1, 6).Select(worker => Task.Run(async () =>
        {
            var mine = new List<(Guid RunId, string Owner)>();
            while (await _host.WithQueueAsync(q => q.ClaimNextAsync($"worker-{worker}")) is { } run) mine.Add((run.Id, run.LeaseOwner!));
            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(runs, all.Count);
        Assert.Equal(runs, all.Select(c => c.RunId).Distinct().Count());
        foreach (var (runId, owner) in all)
        {
            var stored = await _host.GetAsync(runId);
            Assert.Equal(PipelineRunStatus.Running, stored.Status);
            Assert.Equal(owner, stored.LeaseOwner);
            Assert.Equal(1, stored.Attempt);
        }
    }

    [Fact]
    public async Task Batch_claim_takes_at_most_the_asked_number_oldest_first()
    {
        var queued = new List<PipelineRun>();
        for (var i = 0; i < 5; i++)
        {
            queued.Add(await _host.EnqueueAsync(QuickKind.KindName, payload: Payload));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await _host.WithQueueAsync(q => q.ClaimAsync("w1", 3));
        Assert.Equal(queued.Take(3).Select(r => r.Id), first.Select(r => r.Id));
        foreach (var run in first)
        {
            var stored = await _host.GetAsync(run.Id);
            Assert.Equal((PipelineRunStatus.Running, "w1", 1), (stored.Status, stored.LeaseOwner, stored.Attempt));
        }

        var rest = await _host.WithQueueAsync(q => q.ClaimAsync("w2", 3));
        Assert.Equal(queued.Skip(3).Select(r => r.Id), rest.Select(r => r.Id));
        Assert.Empty(await _host.WithQueueAsync(q => q.ClaimAsync("w3", 3)));
    }

    [Fact]
    public async Task Batch_claim_takes_one_run_per_concurrency_key()
    {
        var keyed = await _host.EnqueueAsync(QuickKind.KindName, concurrencyKey: "sync:k", payload: Payload);
        _time.Advance(TimeSpan.FromSeconds(1));
        // Enqueue would return the first run again; a second Queued run of the key is what two writers at once could leave.
        var second = new PipelineRun
        {
            WorkspaceId = _host.WorkspaceA, Kind = QuickKind.KindName, PayloadJson = """{"message":"hi"}""", Status = PipelineRunStatus.Queued,
            MaxAttempts = 3, Timeout = TimeSpan.FromMinutes(1), NextAttemptAt = _time.GetUtcNow(), ConcurrencyKey = "sync:k",
            Trigger = PipelineTrigger.User, CreatedAt = _time.GetUtcNow(),
        };
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
            db.PipelineRuns.Add(second);
            await db.SaveChangesAsync();
        }
        _time.Advance(TimeSpan.FromSeconds(1));
        var plain = await _host.EnqueueAsync(QuickKind.KindName, payload: Payload);

        var claimed = await _host.WithQueueAsync(q => q.ClaimAsync("w1", 10));
        Assert.Equal([keyed.Id, plain.Id], claimed.Select(r => r.Id));
        Assert.Empty(await _host.WithQueueAsync(q => q.ClaimAsync("w2", 10)));

        Assert.True(await _host.WithQueueAsync(q => q.CompleteAsync(keyed.Id, "w1")));
        var next = await _host.WithQueueAsync(q => q.ClaimAsync("w2", 10));
        Assert.Equal(second.Id, Assert.Single(next).Id);
    }

    [Fact]
    public async Task Concurrent_batch_claimers_never_take_the_same_run()
    {
        const int runs = 40;
        for (var i = 0; i < runs; i++) await _host.EnqueueAsync(QuickKind.KindName, payload: Payload);

        var claims = await Task.WhenAll(Enumerable.Range(1, 6).Select(worker => Task.Run(async () =>
        {
            var batches = new List<IReadOnlyList<PipelineRun>>();
            while (await _host.WithQueueAsync(q => q.ClaimAsync($"worker-{worker}", 3)) is { Count: > 0 } batch) batches.Add(batch);
            return batches;
        })));

        var batches = claims.SelectMany(c => c).ToList();
        Assert.All(batches, b => Assert.InRange(b.Count, 1, 3));
        var all = batches.SelectMany(b => b).ToList();
        Assert.Equal(runs, all.Count);
        Assert.Equal(runs, all.Select(r => r.Id).Distinct().Count());
        foreach (var run in all)
        {
            var stored = await _host.GetAsync(run.Id);
            Assert.Equal((PipelineRunStatus.Running, run.LeaseOwner, 1), (stored.Status, stored.LeaseOwner, stored.Attempt));
        }
    }

    [Fact]
    public async Task Enqueue_with_the_same_concurrency_key_returns_the_existing_run()
    {
        var first = await _host.EnqueueRequestAsync(new PipelineRequest(_host.WorkspaceA, LongKind.KindName) { ConcurrencyKey = "sync:conn-1" });
        var again = await _host.EnqueueRequestAsync(new PipelineRequest(_host.WorkspaceA, LongKind.KindName) { ConcurrencyKey = "sync:conn-1" });
        Assert.True(first.IsNew);
        Assert.False(again.IsNew);
        Assert.Equal(first.Run.Id, again.Run.Id);

        await _host.WithQueueAsync(q => q.ClaimNextAsync("w1"));
        var whileRunning = await _host.EnqueueRequestAsync(new PipelineRequest(_host.WorkspaceA, LongKind.KindName) { ConcurrencyKey = "sync:conn-1" });
        Assert.Equal(first.Run.Id, whileRunning.Run.Id);
        Assert.Equal(PipelineRunStatus.Running, whileRunning.Run.Status);

        Assert.True(await _host.WithQueueAsync(q => q.CompleteAsync(first.Run.Id, "w1")));
        var afterwards = await _host.EnqueueRequestAsync(new PipelineRequest(_host.WorkspaceA, LongKind.KindName) { ConcurrencyKey = "sync:conn-1" });
        Assert.True(afterwards.IsNew);
        Assert.NotEqual(first.Run.Id, afterwards.Run.Id);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_run_queued_inside_a_callers_transaction_is_announced_only_when_it_commits(bool commit)
    {
        var announced = new List<RunEvent>();
        using var subscription = _host.Services.GetRequiredService<RunEventBus>().Subscribe(e => { lock (announced) announced.Add(e); });

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
            var transaction = await db.Database.BeginTransactionAsync();
            var enqueued = await scope.ServiceProvider.GetRequiredService<RunQueue>().EnqueueAsync(new PipelineRequest(_host.WorkspaceA, QuickKind.KindName) { Payload = Payload });
            lock (announced) Assert.Empty(announced); // the run can still be rolled back: nobody hears of it yet
            if (commit)
            {
                await transaction.CommitAsync();
                lock (announced) Assert.Equal([(enqueued.Run.Id, RunEventType.Queued)], announced.Select(e => (e.RunId, e.Type)));
            }
            await transaction.DisposeAsync(); // uncommitted: rolled back

            // The next transaction of the same context commits without announcing the rolled-back run.
            await using (var next = await db.Database.BeginTransactionAsync()) await next.CommitAsync();
            Assert.Equal(commit ? 1 : 0, await db.PipelineRuns.IgnoreQueryFilters().CountAsync());
        }
        lock (announced) Assert.Equal(commit ? 1 : 0, announced.Count);
    }

    [Fact]
    public async Task Concurrent_enqueues_with_the_same_key_create_one_run()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            _host.EnqueueRequestAsync(new PipelineRequest(_host.WorkspaceA, LongKind.KindName) { ConcurrencyKey = "sync:conn-2" }))));

        Assert.Single(results.Select(r => r.Run.Id).Distinct());
        Assert.Single(results, r => r.IsNew);
    }

    [Fact]
    public async Task Concurrency_keys_belong_to_a_workspace()
    {
        var inA = await _host.EnqueueAsync(LongKind.KindName, "sync:conn-1", workspace: _host.WorkspaceA);
        var inB = await _host.EnqueueAsync(LongKind.KindName, "sync:conn-1", workspace: _host.WorkspaceB);

        Assert.NotEqual(inA.Id, inB.Id);
        Assert.Equal(_host.WorkspaceB, inB.WorkspaceId);
    }

    [Fact]
    public async Task Only_one_run_per_concurrency_key_is_running()
    {
        // Two queued runs with one key can only come from outside EnqueueAsync (a race on another
        // database, a manual insert); the claim must still never run them together.
        var now = _time.GetUtcNow();
        PipelineRun Queued(string? key, int order) => new()
        {
            WorkspaceId = _host.WorkspaceA, Kind = LongKind.KindName, ConcurrencyKey = key, MaxAttempts = 3,
            Timeout = TimeSpan.FromMinutes(5), NextAttemptAt = now, CreatedAt = now.AddMilliseconds(order),
        };
        var keyed1 = Queued("sync:conn-9", 1);
        var keyed2 = Queued("sync:conn-9", 2);
        var other = Queued(null, 3);
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
            db.PipelineRuns.AddRange(keyed1, keyed2, other);
            await db.SaveChangesAsync();
        }

        Assert.Equal(keyed1.Id, (await _host.WithQueueAsync(q => q.ClaimNextAsync("w1")))?.Id);
        Assert.Equal(other.Id, (await _host.WithQueueAsync(q => q.ClaimNextAsync("w2")))?.Id);
        Assert.Null(await _host.WithQueueAsync(q => q.ClaimNextAsync("w3")));
        Assert.Equal(PipelineRunStatus.Queued, (await _host.GetAsync(keyed2.Id)).Status);

        await _host.WithQueueAsync(q => q.CompleteAsync(keyed1.Id, "w1"));
        Assert.Equal(keyed2.Id, (await _host.WithQueueAsync(q => q.ClaimNextAsync("w3")))?.Id);
    }

    [Fact]
    public async Task Transient_failure_waits_out_its_backoff_before_the_next_claim()
    {
        var run = await _host.EnqueueAsync(FlakyKind.KindName);
        await _host.WithQueueAsync(q => q.ClaimNextAsync("w1"));

        var status = await _host.WithQueueAsync(q => q.FailAsync(run.Id, "w1", PipelineErrorKind.Transient, "the provider answered 503"));

        Assert.Equal(PipelineRunStatus.Queued, status);
        var stored = await _host.GetAsync(run.Id);
        Assert.InRange(stored.NextAttemptAt - _time.GetUtcNow(), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(500));
        Assert.Contains("retrying in", stored.ErrorMessage);
        Assert.Null(await _host.WithQueueAsync(q => q.ClaimNextAsync("w2")));

        _time.Advance(TimeSpan.FromSeconds(1));
        var retried = await _host.WithQueueAsync(q => q.ClaimNextAsync("w2"));
        Assert.Equal(run.Id, retried?.Id);
        Assert.Equal(2, retried!.Attempt);
    }

    [Fact]
    public async Task Expired_lease_returns_run_to_queue()
    {
        var run = await _host.EnqueueAsync(LongKind.KindName);
        await _host.WithQueueAsync(q => q.ClaimNextAsync("dead-worker"));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _host.WithQueueAsync(q => q.SweepExpiredLeasesAsync()));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await _host.WithQueueAsync(q => q.SweepExpiredLeasesAsync()));
        var swept = await _host.GetAsync(run.Id);
        Assert.Equal(PipelineRunStatus.Queued, swept.Status);
        Assert.Null(swept.LeaseOwner);
        Assert.Equal(PipelineErrorKind.LeaseExpired, swept.ErrorKind);
        Assert.Contains("dead-worker", swept.ErrorMessage);

        // The dead worker's late outcome is refused; the run is claimable again.
        Assert.False(await _host.WithQueueAsync(q => q.CompleteAsync(run.Id, "dead-worker")));
        var reclaimed = await _host.WithQueueAsync(q => q.ClaimNextAsync("live-worker"));
        Assert.Equal(run.Id, reclaimed?.Id);
        Assert.Equal(2, reclaimed!.Attempt);
    }

    [Fact]
    public async Task Expired_lease_on_the_last_attempt_fails_the_run()
    {
        var run = await _host.EnqueueAsync(QuickKind.KindName, payload: Payload); // 2 attempts
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await _host.WithQueueAsync(q => q.ClaimNextAsync($"dead-{attempt}"));
            _time.Advance(TimeSpan.FromSeconds(3));
            await _host.WithQueueAsync(q => q.SweepExpiredLeasesAsync());
        }

        var failed = await _host.GetAsync(run.Id);
        Assert.Equal(PipelineRunStatus.Failed, failed.Status);
        Assert.Equal(PipelineErrorKind.LeaseExpired, failed.ErrorKind);
        Assert.Contains("gave up after 2", failed.ErrorMessage);
    }

    [Fact]
    public async Task Renewed_lease_is_not_swept()
    {
        var run = await _host.EnqueueAsync(LongKind.KindName);
        await _host.WithQueueAsync(q => q.ClaimNextAsync("w1"));

        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(LeaseRenewal.Renewed, await _host.WithQueueAsync(q => q.RenewLeaseAsync(run.Id, "w1")));
        _time.Advance(TimeSpan.FromSeconds(1.5));

        Assert.Equal(0, await _host.WithQueueAsync(q => q.SweepExpiredLeasesAsync()));
        Assert.Equal(PipelineRunStatus.Running, (await _host.GetAsync(run.Id)).Status);
        Assert.Equal(LeaseRenewal.Lost, await _host.WithQueueAsync(q => q.RenewLeaseAsync(run.Id, "someone-else")));
    }

    [Fact]
    public async Task A_heartbeat_renews_only_the_owners_running_runs_and_returns_their_cancel_requests()
    {
        // A millisecond apart: the claims take them oldest first, in this order.
        var (mine, mineToCancel, theirs, queued) = (await EnqueueAsync(), await EnqueueAsync(), await EnqueueAsync(), await EnqueueAsync());
        foreach (var owner in new[] { "w1", "w1", "w2" }) await _host.WithQueueAsync(q => q.ClaimNextAsync(owner)); // oldest first
        Assert.True((await _host.AsMemberOfAsync(_host.WorkspaceA, q => q.RequestCancelAsync(mineToCancel.Id))).Succeeded);
        var claimedUntil = (await _host.GetAsync(theirs.Id)).LeaseExpiresAt;

        _time.Advance(TimeSpan.FromSeconds(1.5));
        var renewed = await _host.WithQueueAsync(q => q.RenewLeasesAsync([mine.Id, mineToCancel.Id, theirs.Id, queued.Id, Guid.NewGuid()], "w1"));

        Assert.Equal(new Dictionary<Guid, bool> { [mine.Id] = false, [mineToCancel.Id] = true }, renewed);
        foreach (var run in new[] { mine, mineToCancel })
            Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(2), (await _host.GetAsync(run.Id)).LeaseExpiresAt);
        Assert.Equal(claimedUntil, (await _host.GetAsync(theirs.Id)).LeaseExpiresAt);
        Assert.Null((await _host.GetAsync(queued.Id)).LeaseExpiresAt);
    }

    private async Task<PipelineRun> EnqueueAsync()
    {
        _time.Advance(TimeSpan.FromMilliseconds(1));
        return await _host.EnqueueAsync(LongKind.KindName);
    }

    [Fact]
    public async Task A_heartbeat_of_more_runs_than_one_statement_names_renews_them_all_in_a_few_statements()
    {
        var runs = RunStore.MaxIdsPerStatement + 1;
        for (var i = 0; i < runs; i++) await _host.EnqueueAsync(QuickKind.KindName, payload: Payload);
        var claimed = await _host.WithQueueAsync(q => q.ClaimAsync("w1", runs));
        Assert.Equal(runs, claimed.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        IReadOnlyDictionary<Guid, bool> renewed;
        IReadOnlyList<string> commands;
        using (var recorder = EfCommandRecorder.Start())
        {
            await recorder.ListeningAsync();
            renewed = await _host.WithQueueAsync(q => q.RenewLeasesAsync([.. claimed.Select(r => r.Id)], "w1"));
            commands = recorder.Commands;
        }

        Assert.Equal(runs, renewed.Count);
        Assert.Equal(2, commands.Count);
        Assert.Equal(claimed.Select(r => r.Id).Order(), renewed.Keys.Order());
    }

    [Fact]
    public async Task Run_still_running_past_its_timeout_is_failed_by_the_sweeper()
    {
        var run = await _host.EnqueueAsync(SlowKind.KindName); // 0.5 s timeout
        await _host.WithQueueAsync(q => q.ClaimNextAsync("stuck-worker"));

        // Alive (heartbeating) but stuck: the lease stays fresh, the timeout is what ends it.
        _time.Advance(TimeSpan.FromSeconds(1.5));
        await _host.WithQueueAsync(q => q.RenewLeaseAsync(run.Id, "stuck-worker"));
        Assert.Equal(0, await _host.WithQueueAsync(q => q.SweepExpiredLeasesAsync()));
        _time.Advance(TimeSpan.FromSeconds(1.2));
        await _host.WithQueueAsync(q => q.RenewLeaseAsync(run.Id, "stuck-worker"));
        Assert.Equal(1, await _host.WithQueueAsync(q => q.SweepExpiredLeasesAsync()));

        var failed = await _host.GetAsync(run.Id);
        Assert.Equal(PipelineRunStatus.Failed, failed.Status);
        Assert.Equal(PipelineErrorKind.Timeout, failed.ErrorKind);
        Assert.Equal("timed out after 0.5 s", failed.ErrorMessage);
    }

    [Fact]
    public async Task Completing_a_batch_records_only_the_runs_still_leased_to_their_owner()
    {
        for (var i = 0; i < 4; i++) await _host.EnqueueAsync(QuickKind.KindName, payload: Payload);
        var claimed = await _host.WithQueueAsync(q => q.ClaimAsync("w1", 4));
        var lost = claimed[1];
        Assert.True(await _host.WithQueueAsync(q => q.ReleaseAsync(lost.Id, "w1")));
        var succeeded = new List<RunEvent>();
        using var subscription = _host.Services.GetRequiredService<RunEventBus>().Subscribe(e => { lock (succeeded) succeeded.Add(e); });

        var completed = await _host.WithQueueAsync(q => q.CompleteAsync([.. claimed.Select(r => r.Id)], "w1"));

        var kept = claimed.Where(r => r.Id != lost.Id).Select(r => r.Id).Order().ToList();
        Assert.Equal(kept, completed.Order());
        foreach (var id in kept)
        {
            var run = await _host.GetAsync(id);
            Assert.Equal((PipelineRunStatus.Succeeded, 100, null, _time.GetUtcNow()), (run.Status, run.ProgressPercent, run.LeaseOwner, run.FinishedAt));
        }
        Assert.Equal(PipelineRunStatus.Queued, (await _host.GetAsync(lost.Id)).Status);
        // Each success is announced once, built from the row the write returned.
        Assert.Equal(kept, succeeded.Where(e => e.Type == RunEventType.Succeeded).Select(e => e.RunId).Order());
        Assert.All(succeeded, e => Assert.Equal((PipelineRunStatus.Succeeded, _host.WorkspaceA, QuickKind.KindName), (e.Status, e.WorkspaceId, e.Kind)));
        // Once another worker holds the released run, the first one's late success changes nothing.
        Assert.Equal(lost.Id, (await _host.WithQueueAsync(q => q.ClaimNextAsync("w2")))?.Id);
        Assert.Empty(await _host.WithQueueAsync(q => q.CompleteAsync([lost.Id], "w1")));
        Assert.Equal((PipelineRunStatus.Running, "w2"), ((await _host.GetAsync(lost.Id)).Status, (await _host.GetAsync(lost.Id)).LeaseOwner));
    }

    [Fact]
    public async Task Release_returns_run_to_queue_without_charging_the_attempt()
    {
        var run = await _host.EnqueueAsync(LongKind.KindName);
        await _host.WithQueueAsync(q => q.ClaimNextAsync("w1"));

        Assert.True(await _host.WithQueueAsync(q => q.ReleaseAsync(run.Id, "w1")));

        var released = await _host.GetAsync(run.Id);
        Assert.Equal(PipelineRunStatus.Queued, released.Status);
        Assert.Equal(0, released.Attempt);
        Assert.Null(released.LeaseOwner);
        // What the run page shows while it waits, and what tells the next execution it is a resumption.
        Assert.Equal(PipelineErrorKind.Interrupted, released.ErrorKind);
        Assert.Contains("the interrupted attempt is not counted", released.ErrorMessage);
    }

    [Fact]
    public async Task Cancel_of_a_queued_run_is_immediate_and_limited_to_its_workspace()
    {
        var run = await _host.EnqueueAsync(LongKind.KindName, workspace: _host.WorkspaceA);

        var fromOtherWorkspace = await _host.AsMemberOfAsync(_host.WorkspaceB, q => q.RequestCancelAsync(run.Id));
        Assert.Equal(WorkError.NotFound, fromOtherWorkspace.Error);
        Assert.Equal(PipelineRunStatus.Queued, (await _host.GetAsync(run.Id)).Status);

        var fromOwnWorkspace = await _host.AsMemberOfAsync(_host.WorkspaceA, q => q.RequestCancelAsync(run.Id));
        Assert.True(fromOwnWorkspace.Succeeded);
        var cancelled = await _host.GetAsync(run.Id);
        Assert.Equal(PipelineRunStatus.Cancelled, cancelled.Status);
        Assert.Null(await _host.WithQueueAsync(q => q.ClaimNextAsync("w1")));

        var twice = await _host.AsMemberOfAsync(_host.WorkspaceA, q => q.RequestCancelAsync(run.Id));
        Assert.Equal(WorkError.Conflict, twice.Error);
    }

    [Fact]
    public async Task Enqueue_of_an_unknown_kind_names_the_known_ones()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _host.EnqueueAsync("test.nope"));

        Assert.Contains("unknown pipeline kind 'test.nope'", error.Message);
        Assert.Contains(QuickKind.KindName, error.Message);
    }
}
