using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Data.Configurations;

namespace WorkPipelines.Domain.Pipelines;

/// <summary>
/// The state transitions of runs, each one short write. Worker paths (claim, lease, outcome,
/// sweep) see every workspace; <see cref="RequestCancelAsync"/> is a user path and sees only
/// the current workspace's runs.
/// </summary>
public sealed partial class RunQueue(
    WorkDbContext db, TimeProvider time, PipelineKinds kinds, PipelineSignal signal, RunEventBus events, IOptions<PipelineOptions> options,
    EngineWriteGate gate)
{
    private const PipelineRunStatus Queued = PipelineRunStatus.Queued;
    private const PipelineRunStatus Running = PipelineRunStatus.Running;

    private PipelineOptions Options => options.Value;
    private IQueryable<PipelineRun> AllRuns => db.PipelineRuns.IgnoreQueryFilters();

    /// <summary>Queues a run, or returns the workspace's active run with the same concurrency key.</summary>
    public Task<EnqueuedRun> EnqueueAsync(PipelineRequest request, CancellationToken cancellationToken = default) =>
        // A caller's open transaction may hold SQLite's write lock already: no gate then (see EngineWriteGate).
        db.Database.CurrentTransaction is null ? Gated(() => EnqueueCoreAsync(request, cancellationToken), cancellationToken) : EnqueueCoreAsync(request, cancellationToken);

    private async Task<EnqueuedRun> EnqueueCoreAsync(PipelineRequest request, CancellationToken cancellationToken)
    {
        var kind = kinds.Get(request.Kind);
        var now = time.GetUtcNow();
        var joined = db.Database.CurrentTransaction is not null;

        // BEGIN IMMEDIATE on SQLite: the look-up and the insert happen under the write lock, so two
        // requests for the same key cannot both insert. A caller's open transaction is joined instead,
        // so a run can be queued together with the rows that ask for it (scheduled reports). A run
        // without a key is one INSERT, atomic on its own: no BEGIN/COMMIT round trips for it.
        await using var transaction = request.ConcurrencyKey is not null && !joined
            ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        if (request.ConcurrencyKey is { } key)
        {
            // PostgreSQL has no database-wide write lock: serialise enqueues of one key with a lock held to commit.
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({request.WorkspaceId + "/" + key}, 0))", cancellationToken);
            var existing = await AllRuns.AsNoTracking()
                .Where(r => r.WorkspaceId == request.WorkspaceId && r.ConcurrencyKey == key)
                .Where(r => r.Status == Queued || r.Status == Running)
                .OrderBy(r => r.CreatedAt)
                .FirstOrDefaultAsync(cancellationToken);
            if (existing is not null)
            {
                if (transaction is not null) await transaction.CommitAsync(cancellationToken);
                return new EnqueuedRun(existing, IsNew: false);
            }
        }

        var run = new PipelineRun
        {
            WorkspaceId = request.WorkspaceId,
            Kind = kind.Name,
            PayloadJson = request.Payload is null ? "{}" : JsonSerializer.Serialize(request.Payload, JsonSerializerOptions.Web),
            Status = Queued,
            MaxAttempts = kind.MaxAttempts,
            Timeout = kind.Timeout,
            NextAttemptAt = now,
            ConcurrencyKey = request.ConcurrencyKey,
            Trigger = request.Trigger,
            RequestedByUserId = request.RequestedByUserId,
            CreatedAt = now,
        };
        db.PipelineRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        db.Entry(run).State = EntityState.Detached;

        // Announce before waking the worker, or its "Started" can overtake this "Queued". Inside a
        // caller's transaction both wait for its commit: until then the run may still be rolled back.
        void AnnounceAndWake()
        {
            Announce(run, RunEventType.Queued);
            signal.Notify();
        }
        if (joined) db.AfterCommit.Add(AnnounceAndWake);
        else AnnounceAndWake();
        return new EnqueuedRun(run, IsNew: true);
    }

    /// <summary>
    /// Leases the next due Queued run to <paramref name="owner"/>, in one conditional UPDATE, so two
    /// workers (or two instances) never get the same run; skips runs whose concurrency key already has a Running run.
    /// </summary>
    public async Task<PipelineRun?> ClaimNextAsync(string owner, CancellationToken cancellationToken = default) =>
        (await ClaimAsync(owner, 1, cancellationToken)).SingleOrDefault();

    /// <summary>
    /// Leases up to <paramref name="max"/> due Queued runs to <paramref name="owner"/> in one statement (one
    /// write transaction for all of them), oldest due first. Never more than <paramref name="max"/>, and at most
    /// one run per concurrency key, none of a key that already has a Running run.
    /// </summary>
    public async Task<IReadOnlyList<PipelineRun>> ClaimAsync(string owner, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var now = time.GetUtcNow().UtcTicks;
        var leaseExpiresAt = (time.GetUtcNow() + Options.LeaseDuration).UtcTicks;
        if (!db.Database.IsNpgsql()) return Started(await gate.RunAsync(() => ClaimOnSqliteAsync(owner, max, now, leaseExpiresAt, cancellationToken), cancellationToken));

        // Two instances can pick two different Queued runs of one key at the same moment (each NOT EXISTS
        // sees no Running run yet); the unique index lets one through and the other tries again, now seeing
        // that key taken. After a few collisions in a row it reports nothing due; the worker polls again.
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            try
            {
                return Started(await ClaimOnPostgresAsync(owner, max, now, leaseExpiresAt, cancellationToken));
            }
            catch (Exception ex) when (DatabaseErrors.IsUniqueViolation(ex, PipelineRunConfiguration.OneRunningPerKey))
            {
            }
        }
        return [];
    }

    /// <summary>An engine write on SQLite waits its turn in <see cref="EngineWriteGate"/>; on PostgreSQL it just runs.</summary>
    private Task<T> Gated<T>(Func<Task<T>> write, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql() ? write() : gate.RunAsync(write, cancellationToken);

    private List<PipelineRun> Started(List<PipelineRun> runs)
    {
        // RETURNING gives no order; start them oldest due first, as the sub-select chose them.
        runs.Sort((a, b) => (a.NextAttemptAt, a.CreatedAt).CompareTo((b.NextAttemptAt, b.CreatedAt)));
        foreach (var run in runs) Announce(run, RunEventType.Started);
        return runs;
    }

    // The outer "Status" = 'Queued' re-checks the rows the CTE chose; SQLite runs the whole
    // statement under its single write lock.
    private Task<List<PipelineRun>> ClaimOnSqliteAsync(string owner, int max, long now, long leaseExpiresAt, CancellationToken cancellationToken) =>
        ClaimAsync("", owner, max, now, leaseExpiresAt, cancellationToken);

    // FOR UPDATE SKIP LOCKED: each claimer locks the rows it picks and passes over rows another claimer
    // holds, so concurrent claimers take different runs instead of queueing behind one.
    private Task<List<PipelineRun>> ClaimOnPostgresAsync(string owner, int max, long now, long leaseExpiresAt, CancellationToken cancellationToken) =>
        ClaimAsync("FOR UPDATE SKIP LOCKED", owner, max, now, leaseExpiresAt, cancellationToken);

    // One statement for both providers; only the row-lock clause differs (a constant, never user input).
    // A keyed run is eligible only when no run of its key is Running and it is the first due Queued run of
    // its key (NextAttemptAt, CreatedAt, Id): one batch never takes two runs of one key, and a batch of one
    // takes the same run the single claim always took. The choice is a MATERIALIZED CTE, made once: as an
    // IN (sub-select … LIMIT n FOR UPDATE SKIP LOCKED) PostgreSQL leased more than n runs under concurrent
    // claimers (the batch tests caught it), the plan not running the LIMIT once.
    private async Task<List<PipelineRun>> ClaimAsync(string lockClause, string owner, int max, long now, long leaseExpiresAt, CancellationToken cancellationToken) =>
        await db.PipelineRuns.FromSql(FormattableStringFactory.Create($$"""
            WITH chosen AS MATERIALIZED (
                SELECT r."Id" FROM "PipelineRuns" AS r
                WHERE r."Status" = 'Queued' AND r."NextAttemptAt" <= {2}
                  AND (r."ConcurrencyKey" IS NULL OR (NOT EXISTS (
                      SELECT 1 FROM "PipelineRuns" AS x
                      WHERE x."Status" = 'Running' AND x."WorkspaceId" = r."WorkspaceId"
                        AND x."ConcurrencyKey" = r."ConcurrencyKey")
                    AND NOT EXISTS (
                      SELECT 1 FROM "PipelineRuns" AS y
                      WHERE y."Status" = 'Queued' AND y."NextAttemptAt" <= {2} AND y."WorkspaceId" = r."WorkspaceId"
                        AND y."ConcurrencyKey" = r."ConcurrencyKey"
                        AND (y."NextAttemptAt" < r."NextAttemptAt"
                          OR (y."NextAttemptAt" = r."NextAttemptAt" AND (y."CreatedAt" < r."CreatedAt"
                            OR (y."CreatedAt" = r."CreatedAt" AND y."Id" < r."Id")))))))
                ORDER BY r."NextAttemptAt", r."CreatedAt", r."Id"
                LIMIT {3}
                {{lockClause}})
            UPDATE "PipelineRuns"
            SET "Status" = 'Running', "LeaseOwner" = {0}, "LeaseExpiresAt" = {1},
                "StartedAt" = {2}, "Attempt" = "Attempt" + 1, "ProgressPercent" = 0, "ProgressMessage" = NULL
            WHERE "Id" IN (SELECT "Id" FROM chosen) AND "Status" = 'Queued'
            RETURNING *
            """, owner, leaseExpiresAt, now, max)).IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>
    /// A person asks to stop a run of the current workspace: a Queued run is cancelled at once,
    /// a Running one is flagged and its token fires at the worker's next heartbeat.
    /// </summary>
    public async Task<WorkResult> RequestCancelAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var cancelledWhileQueued = await db.PipelineRuns
            .Where(r => r.Id == runId && r.Status == Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, PipelineRunStatus.Cancelled)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.ErrorKind, PipelineErrorKind.Cancelled)
                .SetProperty(r => r.ErrorMessage, "Cancelled before it started"), cancellationToken);
        if (cancelledWhileQueued == 1)
        {
            await AnnounceAsync(runId, RunEventType.Cancelled, cancellationToken);
            return WorkResult.Ok;
        }

        var flagged = await db.PipelineRuns
            .Where(r => r.Id == runId && r.Status == Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true), cancellationToken);
        if (flagged == 1) return WorkResult.Ok;

        var status = await db.PipelineRuns.Where(r => r.Id == runId).Select(r => (PipelineRunStatus?)r.Status).FirstOrDefaultAsync(cancellationToken);
        return status is null
            ? WorkResult.NotFound($"no pipeline run {runId} in this workspace")
            : WorkResult.Conflict($"the run has already finished ({status}); only Queued or Running runs can be cancelled");
    }

    internal static string Describe(TimeSpan duration) =>
        duration.TotalSeconds < 60 ? $"{duration.TotalSeconds:0.###} s"
        : duration.TotalMinutes < 60 ? $"{duration.TotalMinutes:0.#} min"
        : $"{duration.TotalHours:0.#} h";

    private static string Truncate(string text, int max = 2000) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
