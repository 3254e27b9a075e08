using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Tests.Domain.Pipelines;

/// <summary>
/// The worker on real time with short settings (lease 2 s, heartbeat 200 ms, sweep every 1 s).
/// Assertions poll the database with generous deadlines; none measures speed.
/// </summary>
public class PipelineWorkerTests : IAsyncLifetime
{
    /// <summary>Runs every test of this class on PostgreSQL instead of SQLite (see PostgresEngineTests.cs).</summary>
    protected virtual bool OnPostgres => false;

    private PipelineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineTestHost.CreateAsync(postgres: OnPostgres);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Queued_run_executes_in_its_workspace_and_succeeds()
    {
        await _host.StartAsync();

        var run = await _host.EnqueueAsync(QuickKind.KindName, payload: new QuickPayload("hello"), workspace: _host.WorkspaceB);
        var done = await _host.WaitForStatusAsync(run.Id, PipelineRunStatus.Succeeded);

        Assert.Equal(1, done.Attempt);
        Assert.Equal(100, done.ProgressPercent);
        Assert.Null(done.LeaseOwner);
        Assert.Equal(PipelineErrorKind.None, done.ErrorKind);
        Assert.True(done.FinishedAt >= done.StartedAt);
        Assert.Equal(["said hello"], (await _host.LogAsync(run.Id)).Select(l => l.Line));
        Assert.Contains(_host.Probe.For(run.Id), e => e.Event == $"workspace:{_host.WorkspaceB}");
    }

    [Fact]
    public async Task Run_log_keeps_only_the_newest_lines()
    {
        await _host.StartAsync();

        var run = await _host.EnqueueAsync(ChattyKind.KindName);
        await _host.WaitForStatusAsync(run.Id, PipelineRunStatus.Succeeded);

        var log = await _host.LogAsync(run.Id);
        Assert.Equal(10, log.Count); // Pipelines:LogLinesPerRun in the test host
        Assert.Equal($"line {ChattyKind.Lines}", log[^1].Line);
        Assert.Equal($"line {ChattyKind.Lines - 9}", log[0].Line);
    }

    [Fact]
    public async Task Transient_failure_is_retried_with_backoff_then_fails()
    {
        await _host.StartAsync();

        var run = await _host.EnqueueAsync(FlakyKind.KindName);
        var failed = await _host.WaitForStatusAsync(run.Id, PipelineRunStatus.Failed);

        Assert.Equal(3, failed.Attempt);
        Assert.Equal(PipelineErrorKind.Transient, failed.ErrorKind);
        Assert.Equal("the provider answered 503 (gave up after 3 attempts)", failed.ErrorMessage);
        var attempts = _host.Probe.For(run.Id);
        Assert.Equal(["attempt 1", "attempt 2", "attempt 3"], attempts.Select(a => a.Event));
        // Retry base 400 ms with ±25% jitter: at least 300 ms, then at least 600 ms between attempts.
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromMilliseconds(300), $"first retry after {attempts[1].At - attempts[0].At}");
        Assert.True(attempts[2].At - attempts[1].At >= TimeSpan.FromMilliseconds(600), $"second retry after {attempts[2].At - attempts[1].At}");
    }

    [Fact]
    public async Task Permanent_failure_fails_at_once_with_the_reason()
    {
        await _host.StartAsync();

        var run = await _host.EnqueueAsync(BrokenKind.KindName);
        var failed = await _host.WaitForStatusAsync(run.Id, PipelineRunStatus.Failed);

        Assert.Equal(1, failed.Attempt);
        Assert.Equal(PipelineErrorKind.Permanent, failed.ErrorKind);
        Assert.Equal(BrokenKind.Reason, failed.ErrorMessage);
        Assert.Single(_host.Probe.For(run.Id));
    }

    [Fact]
    public async Task Cancel_ends_a_running_run_within_a_heartbeat()
    {
        await _host.StartAsync();
        var run = await _host.EnqueueAsync(LongKind.KindName);
        await _host.WaitForStatusAsync(run.Id, PipelineRunStatus.Running);

        var result = await _host.AsMemberOfAsync(_host.WorkspaceA, q => q.RequestCancelAsync(run.Id));

        Assert.True(result.Succeeded, result.Message);
        // The run would take 60 s; heartbeats are 200 ms apart.
        var cancelled = await _host.WaitForStatusAsync(run.Id, PipelineRunStatus.Cancelled, TimeSpan.FromSeconds(5));
        Assert.Equal(PipelineErrorKind.Cancelled, cancelled.ErrorKind);
        Assert.Null(cancelled.LeaseOwner);
        Assert.True(await _host.Probe.SawAsync(run.Id, "token fired", TimeSpan.FromSeconds(5)), string.Join(", ", _host.Probe.For(run.Id)));
    }

    [Fact]
    public async Task Timeout_fails_the_run_with_a_clear_reason()
    {
        await _host.StartAsync();

        var run = await _host.EnqueueAsync(SlowKind.KindName);
        var failed = await _host.WaitForStatusAsync(run.Id, PipelineRunStatus.Failed, TimeSpan.FromSeconds(10));

        Assert.Equal(PipelineErrorKind.Timeout, failed.ErrorKind);
        Assert.Equal("timed out after 0.5 s", failed.ErrorMessage);
        Assert.Equal(1, failed.Attempt);
    }

    [Fact]
    public async Task Expired_lease_of_a_dead_worker_is_swept_back_to_queue_and_completes()
    {
        var run = await _host.EnqueueAsync(QuickKind.KindName, payload: new QuickPayload("again"));
        // A worker that claimed the run and died: nobody renews its 2 s lease.
        var claimed = await _host.WithQueueAsync(q => q.ClaimNextAsync("dead-worker"));
        Assert.Equal(run.Id, claimed?.Id);

        await _host.StartAsync();
        var done = await _host.WaitForStatusAsync(run.Id, PipelineRunStatus.Succeeded);

        Assert.Equal(2, done.Attempt);
        Assert.Single(_host.Probe.For(run.Id), e => e.Event == "done");
        Assert.Equal(
            [(2, "Lease expired: the process running attempt 1 (dead-worker) stopped responding; queued to run again as attempt 2 of 2"), (2, "said again")],
            (await _host.LogAsync(run.Id)).Select(l => (l.Attempt, l.Line)));
    }

    [Fact]
    public async Task A_run_given_back_by_a_stop_logs_its_resumption_under_the_same_attempt()
    {
        var run = await _host.EnqueueAsync(QuickKind.KindName, payload: new QuickPayload("once more"));
        // A worker that claimed the run and gave it back on a graceful stop.
        await _host.WithQueueAsync(q => q.ClaimNextAsync("stopping-worker"));
        Assert.True(await _host.WithQueueAsync(q => q.ReleaseAsync(run.Id, "stopping-worker")));

        await _host.StartAsync();
        var done = await _host.WaitForStatusAsync(run.Id, PipelineRunStatus.Succeeded);

        Assert.Equal(1, done.Attempt);
        Assert.Equal(
            [(1, "Resumed after the app stopped: attempt 1 runs again (a stop does not use up an attempt)"), (1, "said once more")],
            (await _host.LogAsync(run.Id)).Select(l => (l.Attempt, l.Line)));
    }

    [Fact]
    public async Task Graceful_stop_returns_in_flight_run_to_queue()
    {
        await _host.StartAsync();
        var run = await _host.EnqueueAsync(LongKind.KindName);
        await _host.WaitForAsync(run.Id, r => r.Status == PipelineRunStatus.Running && _host.Probe.For(run.Id).Count > 0);

        await _host.StopAsync(); // grace period 0.5 s, then the run's token fires

        var released = await _host.GetAsync(run.Id);
        Assert.Equal(PipelineRunStatus.Queued, released.Status);
        Assert.Equal(0, released.Attempt);
        Assert.Null(released.LeaseOwner);
        Assert.True(await _host.Probe.SawAsync(run.Id, "token fired", TimeSpan.FromSeconds(5)), string.Join(", ", _host.Probe.For(run.Id)));
    }

    [Fact]
    public async Task Long_run_does_not_delay_a_newly_queued_run()
    {
        await _host.StartAsync();
        var slow = await _host.EnqueueAsync(LongKind.KindName); // 60 s unless cancelled
        await _host.WaitForStatusAsync(slow.Id, PipelineRunStatus.Running);

        var quick = await _host.EnqueueAsync(QuickKind.KindName, payload: new QuickPayload("quick"));
        var done = await _host.WaitForStatusAsync(quick.Id, PipelineRunStatus.Succeeded, TimeSpan.FromSeconds(20));

        var long_ = await _host.GetAsync(slow.Id);
        Assert.Equal(PipelineRunStatus.Running, long_.Status);
        Assert.Null(long_.FinishedAt);
        Assert.True(done.StartedAt > long_.StartedAt);
        Assert.True(done.StartedAt - done.CreatedAt < TimeSpan.FromSeconds(2), $"started {done.StartedAt - done.CreatedAt} after it was queued");
    }

    [Fact]
    public async Task Runs_beyond_max_concurrency_wait_for_a_free_slot()
    {
        await using var host = await PipelineTestHost.CreateAsync(o => o.MaxConcurrentRuns = 1, postgres: OnPostgres);
        await host.StartAsync();
        var slow = await host.EnqueueAsync(LongKind.KindName);
        await host.WaitForStatusAsync(slow.Id, PipelineRunStatus.Running);

        var waiting = await host.EnqueueAsync(QuickKind.KindName, payload: new QuickPayload("later"));
        await Task.Delay(TimeSpan.FromSeconds(1)); // several poll intervals with the only slot taken
        Assert.Equal(PipelineRunStatus.Queued, (await host.GetAsync(waiting.Id)).Status);

        await host.AsMemberOfAsync(host.WorkspaceA, q => q.RequestCancelAsync(slow.Id));
        await host.WaitForStatusAsync(waiting.Id, PipelineRunStatus.Succeeded);
        Assert.Equal(PipelineRunStatus.Cancelled, (await host.GetAsync(slow.Id)).Status);
    }

    [Fact]
    public async Task Worker_claims_no_more_runs_than_free_slots_and_a_stop_leaves_none_stranded()
    {
        // A long lease: this is about slots and a graceful stop, and on a loaded CI machine the 2 s test lease once
        // expired before the stop (the sweeper re-queued the runs, charging an attempt).
        await using var host = await PipelineTestHost.CreateAsync(o => { o.MaxConcurrentRuns = 2; o.LeaseDuration = TimeSpan.FromSeconds(60); }, postgres: OnPostgres);
        var runs = new List<PipelineRun>();
        for (var i = 0; i < 5; i++) runs.Add(await host.EnqueueAsync(LongKind.KindName)); // all due before the worker's first claim

        await host.StartAsync();
        await host.WaitForAsync(runs[1].Id, _ => runs.Count(r => host.Probe.For(r.Id).Count > 0) == 2);
        await Task.Delay(TimeSpan.FromSeconds(1)); // several poll intervals with both slots taken

        var stored = await Task.WhenAll(runs.Select(r => host.GetAsync(r.Id)));
        Assert.Equal(2, stored.Count(r => r.Status == PipelineRunStatus.Running));
        Assert.Equal(3, stored.Count(r => r.Status == PipelineRunStatus.Queued));
        Assert.All(stored.Where(r => r.Status == PipelineRunStatus.Running), r => Assert.NotEmpty(host.Probe.For(r.Id)));

        await host.StopAsync();
        var after = await Task.WhenAll(runs.Select(r => host.GetAsync(r.Id)));
        Assert.All(after, r => Assert.Equal((PipelineRunStatus.Queued, 0, (string?)null), (r.Status, r.Attempt, r.LeaseOwner)));
    }
}
