using Microsoft.EntityFrameworkCore;

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
        var running = await AllRuns.AsNoTracking()
            .Where(r => r.Status == Running)
            .Select(r => new { r.Id, r.LeaseOwner, r.LeaseExpiresAt, r.StartedAt, r.Timeout, r.Attempt, r.MaxAttempts })
            .ToListAsync(cancellationToken);

        var changed = 0;
        foreach (var run in running)
        {
            var seen = AllRuns.Where(r => r.Id == run.Id && r.Status == Running
                && r.LeaseOwner == run.LeaseOwner && r.LeaseExpiresAt == run.LeaseExpiresAt);

            // The worker enforces the timeout itself; this catches a worker that is alive but stuck.
            int swept;
            RunEventType outcome;
            if (run.StartedAt + run.Timeout + Options.LeaseDuration < now)
            {
                (swept, outcome) = (await FinishAsync(seen, PipelineErrorKind.Timeout, $"timed out after {Describe(run.Timeout)}", now, cancellationToken), RunEventType.Failed);
            }
            else if (run.LeaseExpiresAt < now && run.Attempt >= run.MaxAttempts)
            {
                var reason = $"the worker running it ({run.LeaseOwner}) stopped responding; gave up after {run.Attempt} attempt(s)";
                (swept, outcome) = (await FinishAsync(seen, PipelineErrorKind.LeaseExpired, reason, now, cancellationToken), RunEventType.Failed);
            }
            else if (run.LeaseExpiresAt < now)
            {
                var reason = $"the process running attempt {run.Attempt} ({run.LeaseOwner}) stopped responding; queued to run again as attempt {run.Attempt + 1} of {run.MaxAttempts}";
                outcome = RunEventType.Requeued;
                swept = await seen.ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, Queued)
                    .SetProperty(r => r.NextAttemptAt, now)
                    .SetProperty(r => r.LeaseOwner, (string?)null)
                    .SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null)
                    .SetProperty(r => r.ErrorKind, PipelineErrorKind.LeaseExpired)
                    .SetProperty(r => r.ErrorMessage, reason), cancellationToken);
            }
            else
            {
                continue;
            }

            if (swept == 0) continue;
            changed += swept;
            await AnnounceAsync(run.Id, outcome, cancellationToken);
        }

        if (changed > 0) signal.Notify();
        return changed;
    }

    private static Task<int> FinishAsync(IQueryable<PipelineRun> run, PipelineErrorKind error, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        run.ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, PipelineRunStatus.Failed)
            .SetProperty(r => r.FinishedAt, now)
            .SetProperty(r => r.LeaseOwner, (string?)null)
            .SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(r => r.ErrorKind, error)
            .SetProperty(r => r.ErrorMessage, reason), cancellationToken);
}
