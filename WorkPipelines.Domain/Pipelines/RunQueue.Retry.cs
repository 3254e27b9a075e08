using Microsoft.EntityFrameworkCore;

namespace WorkPipelines.Domain.Pipelines;

// People asking for another go: a Failed or Cancelled run of the current workspace is queued
// again as a fresh set of attempts, keeping its log so the history stays readable.
public sealed partial class RunQueue
{
    public async Task<WorkResult> RetryAsync(Guid runId, string? userId, CancellationToken cancellationToken = default)
    {
        var run = await db.PipelineRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null) return WorkResult.NotFound($"no pipeline run {runId} in this workspace");
        if (run.Status is not (PipelineRunStatus.Failed or PipelineRunStatus.Cancelled))
            return WorkResult.Conflict($"the run is {run.Status}; only Failed or Cancelled runs can be retried");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (run.ConcurrencyKey is { } key && await db.PipelineRuns.AnyAsync(
                r => r.ConcurrencyKey == key && r.Id != runId && (r.Status == Queued || r.Status == Running), cancellationToken))
            return WorkResult.Conflict($"another run for the same target ({key}) is already queued or running");

        var now = time.GetUtcNow();
        var requeued = await db.PipelineRuns
            .Where(r => r.Id == runId && (r.Status == PipelineRunStatus.Failed || r.Status == PipelineRunStatus.Cancelled))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, Queued)
                .SetProperty(r => r.Attempt, 0)
                .SetProperty(r => r.NextAttemptAt, now)
                .SetProperty(r => r.Trigger, PipelineTrigger.Retry)
                .SetProperty(r => r.RequestedByUserId, userId)
                .SetProperty(r => r.StartedAt, (DateTimeOffset?)null)
                .SetProperty(r => r.FinishedAt, (DateTimeOffset?)null)
                .SetProperty(r => r.CancelRequested, false)
                .SetProperty(r => r.ProgressPercent, 0)
                .SetProperty(r => r.ProgressMessage, (string?)null)
                .SetProperty(r => r.ErrorKind, PipelineErrorKind.None)
                .SetProperty(r => r.ErrorMessage, (string?)null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (requeued == 0) return WorkResult.Conflict("the run changed while retrying it; reload and try again");

        await AnnounceAsync(runId, RunEventType.Queued, cancellationToken);
        signal.Notify();
        return WorkResult.Ok;
    }

    /// <summary>Retries every Failed run of the current workspace; returns how many were queued again.</summary>
    public async Task<int> RetryAllFailedAsync(string? userId, CancellationToken cancellationToken = default)
    {
        var failed = await db.PipelineRuns.AsNoTracking().Where(r => r.Status == PipelineRunStatus.Failed)
            .OrderBy(r => r.CreatedAt).Select(r => r.Id).Take(500).ToListAsync(cancellationToken);
        var retried = 0;
        foreach (var id in failed)
            if ((await RetryAsync(id, userId, cancellationToken)).Succeeded) retried++;
        return retried;
    }
}
