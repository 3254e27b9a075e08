using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WorkPipelines.Domain.Pipelines;

// One heartbeat for all of the worker's runs (River's way), not a timer and a task per run: every beat renews the
// lease of every in-flight run in one statement and turns what it learns into fired tokens.
internal sealed partial class PipelineWorker
{
    private readonly CancellationTokenSource _stopHeartbeat = new();
    private Task _heartbeat = Task.CompletedTask;

    private async Task HeartbeatAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop)) await BeatAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// One beat: renews the leases of the runs in flight now; a run whose lease is no longer this worker's (swept,
    /// taken over) has its token fired as lost, a run someone asked to cancel as cancelled.
    /// </summary>
    internal async Task BeatAsync(CancellationToken cancellationToken)
    {
        // The attempts themselves, not their ids: an attempt that ended meanwhile and a later attempt of the same run
        // (a retry claimed again by this worker) are different objects, so a beat never stops an attempt it did not see.
        var beating = _inFlight.Values.ToList();
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
