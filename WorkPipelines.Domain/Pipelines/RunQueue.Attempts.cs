using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Pipelines;

// The running attempt's side: heartbeat, progress, log and outcome. Every write is conditional on
// the run still being Running under this owner, so a worker that lost its lease changes nothing.
public sealed partial class RunQueue
{
    private IQueryable<PipelineRun> Leased(Guid runId, string owner) =>
        AllRuns.Where(r => r.Id == runId && r.Status == Running && r.LeaseOwner == owner);

    /// <summary>Extends the lease and reports whether someone asked to cancel.</summary>
    public async Task<LeaseRenewal> RenewLeaseAsync(Guid runId, string owner, CancellationToken cancellationToken = default)
    {
        DateTimeOffset? until = time.GetUtcNow() + Options.LeaseDuration;
        var renewed = await Leased(runId, owner).ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseExpiresAt, until), cancellationToken);
        if (renewed == 0) return LeaseRenewal.Lost;

        var cancel = await AllRuns.Where(r => r.Id == runId).Select(r => r.CancelRequested).FirstAsync(cancellationToken);
        return cancel ? LeaseRenewal.CancelRequested : LeaseRenewal.Renewed;
    }

    public async Task<int> ReportProgressAsync(Guid runId, string owner, int percent, string? message, CancellationToken cancellationToken = default)
    {
        var text = message is null ? null : Truncate(message, 500);
        var updated = await Leased(runId, owner).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.ProgressPercent, percent)
            .SetProperty(r => r.ProgressMessage, text), cancellationToken);
        if (updated == 1) await AnnounceAsync(runId, RunEventType.Progress, cancellationToken);
        return updated;
    }

    public async Task AppendLogAsync(Guid runId, Guid workspaceId, int attempt, int sequence, string line, CancellationToken cancellationToken = default)
    {
        db.PipelineRunLogs.Add(new PipelineRunLog
        {
            RunId = runId,
            WorkspaceId = workspaceId,
            Attempt = attempt,
            Sequence = sequence,
            At = time.GetUtcNow(),
            Line = Truncate(line),
        });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        var oldestKept = sequence - Options.LogLinesPerRun + 1;
        if (oldestKept > 1)
        {
            await db.PipelineRunLogs.IgnoreQueryFilters()
                .Where(l => l.RunId == runId && l.Sequence < oldestKept)
                .ExecuteDeleteAsync(cancellationToken);
        }
    }

    internal async Task<int> LastLogSequenceAsync(Guid runId, CancellationToken cancellationToken = default) =>
        await db.PipelineRunLogs.IgnoreQueryFilters().Where(l => l.RunId == runId).MaxAsync(l => (int?)l.Sequence, cancellationToken) ?? 0;

    public async Task<bool> CompleteAsync(Guid runId, string owner, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var completed = await Gated(() => Leased(runId, owner).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, PipelineRunStatus.Succeeded)
            .SetProperty(r => r.FinishedAt, now)
            .SetProperty(r => r.ProgressPercent, 100)
            .SetProperty(r => r.LeaseOwner, (string?)null)
            .SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(r => r.ErrorKind, PipelineErrorKind.None)
            .SetProperty(r => r.ErrorMessage, (string?)null), cancellationToken), cancellationToken) == 1;
        if (completed) await AnnounceAsync(runId, RunEventType.Succeeded, cancellationToken);
        return completed;
    }

    /// <summary>
    /// Records a failed attempt. A transient failure with attempts left goes back to Queued after
    /// an exponential, jittered delay; anything else is Failed with the reason. Returns the new
    /// status, or null when the run was no longer this owner's.
    /// </summary>
    public async Task<PipelineRunStatus?> FailAsync(Guid runId, string owner, PipelineErrorKind error, string reason, CancellationToken cancellationToken = default)
    {
        var run = await Leased(runId, owner).AsNoTracking().Select(r => new { r.Attempt, r.MaxAttempts }).FirstOrDefaultAsync(cancellationToken);
        if (run is null) return null;

        var now = time.GetUtcNow();
        var attempt = Leased(runId, owner).Where(r => r.Attempt == run.Attempt);
        if (error == PipelineErrorKind.Transient && run.Attempt < run.MaxAttempts)
        {
            var delay = PipelineBackoff.RetryDelay(run.Attempt, Options.RetryBaseDelay, Options.RetryMaxDelay, Random.Shared.NextDouble());
            var next = now + delay;
            var message = Truncate($"{reason} (attempt {run.Attempt} of {run.MaxAttempts}; retrying in {Describe(delay)})");
            var requeued = await attempt.ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, Queued)
                .SetProperty(r => r.NextAttemptAt, next)
                .SetProperty(r => r.LeaseOwner, (string?)null)
                .SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null)
                .SetProperty(r => r.ErrorKind, error)
                .SetProperty(r => r.ErrorMessage, message), cancellationToken);
            if (requeued == 0) return null;
            await AnnounceAsync(runId, RunEventType.Retrying, cancellationToken);
            return Queued;
        }

        var final = Truncate(error == PipelineErrorKind.Transient && run.MaxAttempts > 1
            ? $"{reason} (gave up after {run.Attempt} attempts)"
            : reason);
        var failed = await attempt.ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, PipelineRunStatus.Failed)
            .SetProperty(r => r.FinishedAt, now)
            .SetProperty(r => r.LeaseOwner, (string?)null)
            .SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(r => r.ErrorKind, error)
            .SetProperty(r => r.ErrorMessage, final), cancellationToken);
        if (failed == 0) return null;
        await AnnounceAsync(runId, RunEventType.Failed, cancellationToken);
        return PipelineRunStatus.Failed;
    }

    /// <summary>The attempt stopped because someone asked it to.</summary>
    public async Task<bool> MarkCancelledAsync(Guid runId, string owner, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var cancelled = await Leased(runId, owner).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, PipelineRunStatus.Cancelled)
            .SetProperty(r => r.FinishedAt, now)
            .SetProperty(r => r.LeaseOwner, (string?)null)
            .SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(r => r.ErrorKind, PipelineErrorKind.Cancelled)
            .SetProperty(r => r.ErrorMessage, "Cancelled on request"), cancellationToken) == 1;
        if (cancelled) await AnnounceAsync(runId, RunEventType.Cancelled, cancellationToken);
        return cancelled;
    }

    /// <summary>
    /// Graceful stop: the run goes back to Queued, due now, and the interrupted attempt is not
    /// counted (it did not fail; the process was leaving, e.g. for a deploy, which must not use up
    /// retries). <see cref="PipelineErrorKind.Interrupted"/> tells the next execution, which runs
    /// under the same attempt number, to log that it is a resumption.
    /// </summary>
    public async Task<bool> ReleaseAsync(Guid runId, string owner, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var released = await Leased(runId, owner).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, Queued)
            .SetProperty(r => r.Attempt, r => r.Attempt - 1)
            .SetProperty(r => r.NextAttemptAt, now)
            .SetProperty(r => r.LeaseOwner, (string?)null)
            .SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(r => r.ErrorKind, PipelineErrorKind.Interrupted)
            .SetProperty(r => r.ErrorMessage, "The app stopped before the run finished; it runs again from the start, and the interrupted attempt is not counted")
            .SetProperty(r => r.ProgressMessage, "Waiting: the worker stopped before the run finished"), cancellationToken);
        if (released == 0) return false;
        await AnnounceAsync(runId, RunEventType.Requeued, cancellationToken);
        signal.Notify();
        return true;
    }
}
