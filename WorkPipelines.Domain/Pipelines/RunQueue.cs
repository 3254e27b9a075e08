using System.Text.Json;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines.Store;

namespace WorkPipelines.Domain.Pipelines;

/// <summary>
/// What the engine does to runs, and who hears of it: each transition is one named write of the
/// <see cref="RunStore"/> (which knows the database), followed by its <see cref="RunEvent"/> on the bus.
/// Here live the decisions — backoff, attempts, messages — never SQL. Worker paths (claim, lease, outcome,
/// sweep) see every workspace; <see cref="RequestCancelAsync"/> and <see cref="RetryAsync"/> are user paths and
/// see only the current workspace's runs.
/// </summary>
public sealed partial class RunQueue(
    RunStore store, WorkDbContext db, TimeProvider time, PipelineKinds kinds, PipelineSignal signal, RunEventBus events, IOptions<PipelineOptions> options)
{
    private PipelineOptions Options => options.Value;

    /// <summary>Queues a run, or returns the workspace's active run with the same concurrency key.</summary>
    public async Task<EnqueuedRun> EnqueueAsync(PipelineRequest request, CancellationToken cancellationToken = default)
    {
        var kind = kinds.Get(request.Kind);
        var now = time.GetUtcNow();
        var enqueued = await store.InsertAsync(new PipelineRun
        {
            WorkspaceId = request.WorkspaceId,
            Kind = kind.Name,
            PayloadJson = request.Payload is null ? "{}" : JsonSerializer.Serialize(request.Payload, JsonSerializerOptions.Web),
            Status = PipelineRunStatus.Queued,
            MaxAttempts = kind.MaxAttempts,
            Timeout = kind.Timeout,
            NextAttemptAt = now,
            ConcurrencyKey = request.ConcurrencyKey,
            Trigger = request.Trigger,
            RequestedByUserId = request.RequestedByUserId,
            CreatedAt = now,
        }, cancellationToken);
        if (!enqueued.IsNew) return enqueued;

        // Announce before waking the worker, or its "Started" can overtake this "Queued". Inside a caller's
        // transaction (a run queued together with the rows that ask for it) both wait for its commit.
        void AnnounceAndWake()
        {
            Announce(enqueued.Run, RunEventType.Queued);
            signal.Notify();
        }
        if (db.Database.CurrentTransaction is not null) db.AfterCommit.Add(AnnounceAndWake);
        else AnnounceAndWake();
        return enqueued;
    }

    /// <summary>Leases the next due Queued run to <paramref name="owner"/> (see <see cref="ClaimAsync"/>).</summary>
    public async Task<PipelineRun?> ClaimNextAsync(string owner, CancellationToken cancellationToken = default) =>
        (await ClaimAsync(owner, 1, cancellationToken)).SingleOrDefault();

    /// <summary>
    /// Leases up to <paramref name="max"/> due Queued runs to <paramref name="owner"/> in one statement, oldest due
    /// first, so two workers (or two instances) never get the same run. Never more than <paramref name="max"/>, and at
    /// most one run per concurrency key, none of a key that already has a Running run.
    /// </summary>
    public async Task<IReadOnlyList<PipelineRun>> ClaimAsync(string owner, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var now = time.GetUtcNow();
        var runs = await store.ClaimAsync(owner, max, now, now + Options.LeaseDuration, cancellationToken);
        // RETURNING gives no order; start them oldest due first, as the claim chose them.
        runs.Sort((a, b) => (a.NextAttemptAt, a.CreatedAt).CompareTo((b.NextAttemptAt, b.CreatedAt)));
        foreach (var run in runs) Announce(run, RunEventType.Started);
        return runs;
    }

    /// <summary>The names of the workspaces of <paramref name="runs"/>; a deleted workspace is missing.</summary>
    internal Task<Dictionary<Guid, string>> WorkspaceNamesAsync(IEnumerable<PipelineRun> runs, CancellationToken cancellationToken = default) =>
        store.WorkspaceNamesAsync(runs.Select(r => r.WorkspaceId), cancellationToken);

    /// <summary>
    /// A person asks to stop a run of the current workspace: a Queued run is cancelled at once,
    /// a Running one is flagged and its token fires at the worker's next heartbeat.
    /// </summary>
    public async Task<WorkResult> RequestCancelAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        if (await store.CancelQueuedAsync(runId, time.GetUtcNow(), cancellationToken))
        {
            await AnnounceAsync(runId, RunEventType.Cancelled, cancellationToken);
            return WorkResult.Ok;
        }
        if (await store.FlagCancelAsync(runId, cancellationToken)) return WorkResult.Ok;

        return await store.StatusOfAsync(runId, cancellationToken) is { } status
            ? WorkResult.Conflict($"the run has already finished ({status}); only Queued or Running runs can be cancelled")
            : WorkResult.NotFound($"no pipeline run {runId} in this workspace");
    }

    internal static string Describe(TimeSpan duration) =>
        duration.TotalSeconds < 60 ? $"{duration.TotalSeconds:0.###} s"
        : duration.TotalMinutes < 60 ? $"{duration.TotalMinutes:0.#} min"
        : $"{duration.TotalHours:0.#} h";

    private static string Truncate(string text, int max = 2000) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
