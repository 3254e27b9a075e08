using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Pipelines;

/// <summary>
/// The worker's one heartbeat for all its runs, beaten by hand: the interval is an hour, so no beat comes on its own,
/// and the clock moves by hand, so a renewed lease is told from the lease the claim gave.
/// </summary>
public class WorkerHeartbeatTests : IAsyncLifetime
{
    /// <summary>Runs every test of this class on PostgreSQL instead of SQLite (see PostgresEngineTests.cs).</summary>
    protected virtual bool OnPostgres => false;

    private static readonly TimeSpan Lease = TimeSpan.FromHours(3);
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private PipelineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineTestHost.CreateAsync(o =>
    {
        o.HeartbeatInterval = TimeSpan.FromHours(1);
        o.LeaseDuration = Lease;
        o.MaxConcurrentRuns = 3; // every slot busy: the worker makes no claim beside the beat
    }, _time, OnPostgres);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task One_beat_renews_every_run_in_one_statement_and_stops_only_the_cancelled_and_the_lost()
    {
        await _host.StartAsync();
        var kept = await _host.EnqueueAsync(LongKind.KindName);
        var cancelled = await _host.EnqueueAsync(LongKind.KindName);
        var lost = await _host.EnqueueAsync(LongKind.KindName);
        foreach (var run in new[] { kept, cancelled, lost }) await _host.WaitForStatusAsync(run.Id, PipelineRunStatus.Running);
        var claimedUntil = (await _host.GetAsync(kept.Id)).LeaseExpiresAt;

        // Someone asks to stop one run; another is taken from this worker (as after a sweep and someone else's claim).
        Assert.True((await _host.AsMemberOfAsync(_host.WorkspaceA, q => q.RequestCancelAsync(cancelled.Id))).Succeeded);
        await using (var scope = _host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<WorkDbContext>().PipelineRuns.IgnoreQueryFilters()
                .Where(r => r.Id == lost.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseOwner, "another-worker"));
        _time.Advance(TimeSpan.FromMinutes(1)); // within LongKind's 5 min timeout: the sweeper leaves the runs alone

        IReadOnlyList<string> commands;
        using (var recorder = EfCommandRecorder.Start())
        {
            await recorder.ListeningAsync();
            await _host.Services.GetRequiredService<PipelineWorker>().BeatAsync(CancellationToken.None);
            commands = recorder.Commands;
        }

        Assert.Single(commands); // one statement for the three runs, none per run
        Assert.True(await _host.Probe.SawAsync(cancelled.Id, "token fired", TimeSpan.FromSeconds(10)), "the cancelled run's token did not fire");
        Assert.True(await _host.Probe.SawAsync(lost.Id, "token fired", TimeSpan.FromSeconds(10)), "the lost run's token did not fire");
        var cancelledNow = await _host.WaitForStatusAsync(cancelled.Id, PipelineRunStatus.Cancelled);
        Assert.Equal(PipelineErrorKind.Cancelled, cancelledNow.ErrorKind);

        var keptNow = await _host.GetAsync(kept.Id);
        Assert.Equal(PipelineRunStatus.Running, keptNow.Status);
        Assert.Equal(_time.GetUtcNow() + Lease, keptNow.LeaseExpiresAt);
        Assert.NotEqual(claimedUntil, keptNow.LeaseExpiresAt);
        Assert.DoesNotContain(_host.Probe.For(kept.Id), e => e.Event == "token fired");

        // A lost lease records nothing: the run is as its new owner holds it, its lease not renewed by this worker.
        var lostNow = await _host.GetAsync(lost.Id);
        Assert.Equal((PipelineRunStatus.Running, "another-worker", claimedUntil), (lostNow.Status, lostNow.LeaseOwner, lostNow.LeaseExpiresAt));
    }

    [Fact]
    public async Task A_timeout_within_two_beats_of_the_start_fires_with_no_beat()
    {
        await _host.StartAsync();
        // 0.5 s, beats an hour apart, and the clock the sweeper reads stands still: only the attempt's own timer can end it.
        var run = await _host.EnqueueAsync(SlowKind.KindName);

        var failed = await _host.WaitForStatusAsync(run.Id, PipelineRunStatus.Failed, TimeSpan.FromSeconds(10));

        Assert.Equal((PipelineErrorKind.Timeout, "timed out after 0.5 s"), (failed.ErrorKind, failed.ErrorMessage));
    }

    [Fact]
    public async Task A_beat_starts_the_timeout_timer_of_a_run_whose_deadline_came_near()
    {
        var clock = new ElapsedClock(_time.GetUtcNow());
        await using var host = await PipelineTestHost.CreateAsync(o =>
        {
            o.HeartbeatInterval = TimeSpan.FromMinutes(1); // timers start two beats (2 min) ahead of a deadline
            o.LeaseDuration = Lease;
        }, clock, OnPostgres);
        await host.StartAsync();
        var run = await host.EnqueueAsync(LongKind.KindName); // 5 min timeout: too far for a timer at the start
        Assert.True(await host.Probe.SawAsync(run.Id, "started", TimeSpan.FromSeconds(10)));

        // Past the deadline on the clock that times attempts; the one the sweeper reads stands still, so it cannot end the run.
        clock.AdvanceElapsed(TimeSpan.FromMinutes(5));
        await host.Services.GetRequiredService<PipelineWorker>().BeatAsync(CancellationToken.None);

        var failed = await host.WaitForStatusAsync(run.Id, PipelineRunStatus.Failed, TimeSpan.FromSeconds(10));
        Assert.Equal((PipelineErrorKind.Timeout, "timed out after 5 min"), (failed.ErrorKind, failed.ErrorMessage));
        Assert.True(await host.Probe.SawAsync(run.Id, "token fired", TimeSpan.FromSeconds(10)));
    }

    /// <summary>A wall clock that stands still and an elapsed-time clock moved by hand; timers are real.</summary>
    private sealed class ElapsedClock(DateTimeOffset now) : TimeProvider
    {
        private long _elapsedTicks;
        public override DateTimeOffset GetUtcNow() => now;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Interlocked.Read(ref _elapsedTicks);
        public void AdvanceElapsed(TimeSpan by) => Interlocked.Add(ref _elapsedTicks, by.Ticks);
    }
}
