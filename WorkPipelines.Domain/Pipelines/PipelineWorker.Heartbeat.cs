using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WorkPipelines.Domain.Pipelines;

// One heartbeat for all of the worker's runs (River's way), not a timer and a task per run: every beat renews the
// lease of every in-flight run in one statement and turns what it learns into fired tokens.
internal sealed partial class PipelineWorker
{
    private readonly CancellationTokenSource _stopHeartbeat = new();
    private Task _heartbeat = Task.CompletedTask;

    /// <summary>How far ahead of its deadline a run's timeout timer is started: two beats, so a late beat still starts it in time.</summary>
    private TimeSpan TimerLead => options.Value.HeartbeatInterval * 2;

    private async Task HeartbeatAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        var renewal = Task.CompletedTask;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var beating = InFlightWithTimersArmed();
                // The timers above do not wait for the database: a renewal still under way (a slow database) gets no
                // second statement on top of it, and the beat after it tries again.
                if (renewal.IsCompleted) renewal = RenewAsync(beating, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        try
        {
            await renewal;
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Cut short by the stop, as the renewal was meant to be.
        }
    }

    /// <summary>
    /// One beat: starts the timeout timers that are due to run, and renews the leases of the runs in flight now; a run
    /// whose lease is no longer this worker's (swept, taken over) has its token fired as lost, a run someone asked to
    /// cancel as cancelled.
    /// </summary>
    internal Task BeatAsync(CancellationToken cancellationToken) => RenewAsync(InFlightWithTimersArmed(), cancellationToken);

    // The attempts themselves, not their ids: an attempt that ended meanwhile and a later attempt of the same run
    // (a retry claimed again by this worker) are different objects, so a beat never stops an attempt it did not see.
    private List<RunAttempt> InFlightWithTimersArmed()
    {
        var beating = _inFlight.Values.ToList();
        foreach (var attempt in beating) attempt.ArmTimeoutWithin(TimerLead);
        return beating;
    }

    private async Task RenewAsync(List<RunAttempt> beating, CancellationToken cancellationToken)
    {
        if (beating.Count == 0) return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var renewed = await scope.ServiceProvider.GetRequiredService<RunQueue>()
                .RenewLeasesAsync([.. beating.Select(a => a.RunId)], Owner, cancellationToken);
            foreach (var attempt in beating)
            {
                // An attempt that finished since the beat began is not renewed either (its run is no longer Running);
                // firing its token then changes nothing: its outcome was decided when its kind returned.
                if (!renewed.TryGetValue(attempt.RunId, out var cancelRequested)) attempt.Stop(AttemptStop.LeaseLost);
                else if (cancelRequested) attempt.Stop(AttemptStop.Cancelled);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A busy database must not kill the runs: a lease outlives several missed beats.
            logger.LogWarning(ex, "Heartbeat of {Count} run(s) failed; trying again at the next beat", beating.Count);
        }
    }
}
