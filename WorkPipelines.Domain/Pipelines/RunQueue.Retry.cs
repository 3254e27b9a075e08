namespace WorkPipelines.Domain.Pipelines;

// People asking for another go: a Failed or Cancelled run of the current workspace is queued
// again as a fresh set of attempts, keeping its log so the history stays readable.
public sealed partial class RunQueue
{
    public async Task<WorkResult> RetryAsync(Guid runId, string? userId, CancellationToken cancellationToken = default)
    {
        var run = await store.FindInWorkspaceAsync(runId, cancellationToken);
        if (run is null) return WorkResult.NotFound($"no pipeline run {runId} in this workspace");
        if (run.Status is not (PipelineRunStatus.Failed or PipelineRunStatus.Cancelled))
            return WorkResult.Conflict($"the run is {run.Status}; only Failed or Cancelled runs can be retried");

        if (await store.RequeueForRetryAsync(run, userId, time.GetUtcNow(), cancellationToken) is { } refused) return refused;
        await AnnounceAsync(runId, RunEventType.Queued, cancellationToken);
        signal.Notify();
        return WorkResult.Ok;
    }

    /// <summary>Retries every Failed run of the current workspace; returns how many were queued again.</summary>
    public async Task<int> RetryAllFailedAsync(string? userId, CancellationToken cancellationToken = default)
    {
        var retried = 0;
        foreach (var id in await store.FailedRunIdsAsync(500, cancellationToken))
            if ((await RetryAsync(id, userId, cancellationToken)).Succeeded) retried++;
        return retried;
    }
}
