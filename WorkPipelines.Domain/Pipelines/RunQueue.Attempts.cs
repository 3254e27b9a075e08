namespace WorkPipelines.Domain.Pipelines;

// The running attempt's side: heartbeat, progress, log and outcome. Every write is conditional on
// the run still being Running under this owner, so a worker that lost its lease changes nothing.
public sealed partial class RunQueue
{
    /// <summary>Extends the lease and reports whether someone asked to cancel.</summary>
    public async Task<LeaseRenewal> RenewLeaseAsync(Guid runId, string owner, CancellationToken cancellationToken = default) =>
        !(await RenewLeasesAsync([runId], owner, cancellationToken)).TryGetValue(runId, out var cancelRequested) ? LeaseRenewal.Lost
        : cancelRequested ? LeaseRenewal.CancelRequested
        : LeaseRenewal.Renewed;

    /// <summary>
    /// A worker's heartbeat: extends the lease of every run of <paramref name="runIds"/> still leased to
    /// <paramref name="owner"/> and returns those runs, each with whether someone asked to cancel it. A run not
    /// among them is no longer this owner's.
    /// </summary>
    public Task<IReadOnlyDictionary<Guid, bool>> RenewLeasesAsync(IReadOnlyList<Guid> runIds, string owner, CancellationToken cancellationToken = default) =>
        store.RenewLeasesAsync(runIds, owner, time.GetUtcNow() + Options.LeaseDuration, cancellationToken);

    public async Task<int> ReportProgressAsync(Guid runId, string owner, int percent, string? message, CancellationToken cancellationToken = default)
    {
        var run = await store.SetProgressAsync(runId, owner, percent, message is null ? null : Truncate(message, 500), cancellationToken);
        if (run is null) return 0;
        Announce(run, RunEventType.Progress);
        return 1;
    }

    public Task AppendLogAsync(Guid runId, Guid workspaceId, int attempt, int sequence, string line, CancellationToken cancellationToken = default) =>
        store.AppendLogAsync(new PipelineRunLog
        {
            RunId = runId,
            WorkspaceId = workspaceId,
            Attempt = attempt,
            Sequence = sequence,
            At = time.GetUtcNow(),
            Line = Truncate(line),
        }, Options.LogLinesPerRun, cancellationToken);

    internal Task<int> LastLogSequenceAsync(Guid runId, CancellationToken cancellationToken = default) =>
        store.LastLogSequenceAsync(runId, cancellationToken);

    public async Task<bool> CompleteAsync(Guid runId, string owner, CancellationToken cancellationToken = default) =>
        (await CompleteAsync([runId], owner, cancellationToken)).Count == 1;

    /// <summary>
    /// Records the success of every run of <paramref name="runIds"/> still leased to <paramref name="owner"/>, in one
    /// write, and returns the ids it completed. <see cref="RunCompletions"/> gathers the runs that finish together.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> CompleteAsync(IReadOnlyList<Guid> runIds, string owner, CancellationToken cancellationToken = default)
    {
        var completed = await store.CompleteAsync(runIds, owner, time.GetUtcNow(), cancellationToken);
        foreach (var run in completed) Announce(run, RunEventType.Succeeded);
        return [.. completed.Select(r => r.Id)];
    }

    /// <summary>
    /// Records a failed attempt. A transient failure with attempts left goes back to Queued after
    /// an exponential, jittered delay; anything else is Failed with the reason. Returns the new
    /// status, or null when the run was no longer this owner's.
    /// </summary>
    public async Task<PipelineRunStatus?> FailAsync(Guid runId, string owner, PipelineErrorKind error, string reason, CancellationToken cancellationToken = default)
    {
        if (await store.AttemptOfAsync(runId, owner, cancellationToken) is not var (attempt, maxAttempts)) return null;

        var now = time.GetUtcNow();
        if (error == PipelineErrorKind.Transient && attempt < maxAttempts)
        {
            var delay = PipelineBackoff.RetryDelay(attempt, Options.RetryBaseDelay, Options.RetryMaxDelay, Random.Shared.NextDouble());
            var message = Truncate($"{reason} (attempt {attempt} of {maxAttempts}; retrying in {Describe(delay)})");
            if (!await store.RetryLaterAsync(runId, owner, attempt, now + delay, error, message, cancellationToken)) return null;
            await AnnounceAsync(runId, RunEventType.Retrying, cancellationToken);
            return PipelineRunStatus.Queued;
        }

        var final = Truncate(error == PipelineErrorKind.Transient && maxAttempts > 1 ? $"{reason} (gave up after {attempt} attempts)" : reason);
        if (!await store.FinishAsync(runId, owner, attempt, PipelineRunStatus.Failed, error, final, now, cancellationToken)) return null;
        await AnnounceAsync(runId, RunEventType.Failed, cancellationToken);
        return PipelineRunStatus.Failed;
    }

    /// <summary>The attempt stopped because someone asked it to.</summary>
    public async Task<bool> MarkCancelledAsync(Guid runId, string owner, CancellationToken cancellationToken = default)
    {
        if (!await store.FinishAsync(runId, owner, attempt: null, PipelineRunStatus.Cancelled, PipelineErrorKind.Cancelled, "Cancelled on request", time.GetUtcNow(), cancellationToken))
            return false;
        await AnnounceAsync(runId, RunEventType.Cancelled, cancellationToken);
        return true;
    }

    /// <summary>
    /// Graceful stop: the run goes back to Queued, due now, and the interrupted attempt is not
    /// counted (it did not fail; the process was leaving, e.g. for a deploy, which must not use up
    /// retries). <see cref="PipelineErrorKind.Interrupted"/> tells the next execution, which runs
    /// under the same attempt number, to log that it is a resumption.
    /// </summary>
    public async Task<bool> ReleaseAsync(Guid runId, string owner, CancellationToken cancellationToken = default)
    {
        if (!await store.ReleaseAsync(runId, owner, time.GetUtcNow(), cancellationToken)) return false;
        await AnnounceAsync(runId, RunEventType.Requeued, cancellationToken);
        signal.Notify();
        return true;
    }
}
