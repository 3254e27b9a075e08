namespace WorkPipelines.Domain.Pipelines;

// Recovery from workers that died or hung. Each change is conditional on the lease the sweep saw,
// so a heartbeat that lands in between wins.
public sealed partial class RunQueue
{
    /// <summary>
    /// Running runs whose lease expired go back to Queued (or Failed when out of attempts); runs
    /// still Running one lease past their timeout fail as timed out. Returns how many changed.
    /// </summary>
    public async Task<int> SweepExpiredLeasesAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var changed = 0;
        foreach (var run in await store.RunningLeasesAsync(cancellationToken))
        {
            // The worker enforces the timeout itself; this catches a worker that is alive but stuck.
            bool swept;
            RunEventType outcome;
            if (run.StartedAt + run.Timeout + Options.LeaseDuration < now)
            {
                (swept, outcome) = (await store.FailSweptAsync(run, PipelineErrorKind.Timeout, $"timed out after {Describe(run.Timeout)}", now, cancellationToken), RunEventType.Failed);
            }
            else if (run.LeaseExpiresAt < now && run.Attempt >= run.MaxAttempts)
            {
                var reason = $"the worker running it ({run.LeaseOwner}) stopped responding; gave up after {run.Attempt} attempt(s)";
                (swept, outcome) = (await store.FailSweptAsync(run, PipelineErrorKind.LeaseExpired, reason, now, cancellationToken), RunEventType.Failed);
            }
            else if (run.LeaseExpiresAt < now)
            {
                var reason = $"the process running attempt {run.Attempt} ({run.LeaseOwner}) stopped responding; queued to run again as attempt {run.Attempt + 1} of {run.MaxAttempts}";
                (swept, outcome) = (await store.RequeueSweptAsync(run, reason, now, cancellationToken), RunEventType.Requeued);
            }
            else
            {
                continue;
            }

            if (!swept) continue;
            changed++;
            await AnnounceAsync(run.Id, outcome, cancellationToken);
        }

        if (changed > 0) signal.Notify();
        return changed;
    }
}
