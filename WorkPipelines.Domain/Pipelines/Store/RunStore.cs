using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Pipelines.Store;

/// <summary>
/// Every read and write of the runs table the engine makes, as small named transitions; the queue above
/// decides (backoff, messages, events) and never asks which database it is on. One subclass per database
/// (<see cref="SqliteRunStore"/>, <see cref="PostgresRunStore"/>) supplies what differs: how writers take
/// turns, how a concurrency key is serialised, how a claim skips rows others hold, how other instances wake.
/// Each transition is conditional on the state it expects, so a late writer (a lost lease, a swept run)
/// changes nothing. Worker paths see every workspace; <see cref="CancelQueuedAsync"/>, <see cref="FlagCancelAsync"/>
/// and <see cref="RequeueForRetryAsync"/> are user paths and see only the current workspace's runs.
/// </summary>
public abstract class RunStore(WorkDbContext db)
{
    protected const string Queued = nameof(PipelineRunStatus.Queued);
    protected const string Running = nameof(PipelineRunStatus.Running);

    private protected WorkDbContext Db { get; } = db;
    private IQueryable<PipelineRun> AllRuns => Db.PipelineRuns.IgnoreQueryFilters();

    private IQueryable<PipelineRun> Leased(Guid runId, string owner) =>
        AllRuns.Where(r => r.Id == runId && r.Status == PipelineRunStatus.Running && r.LeaseOwner == owner);

    /// <summary>
    /// Most runs one statement names by id (a batch of completions, a heartbeat): with a few other parameters, far
    /// under SQLite's 32,766 parameters and PostgreSQL's 65,535.
    /// </summary>
    public const int MaxIdsPerStatement = 500;

    /// <summary>The placeholders <c>{first}, {first + 1}, …</c> of <paramref name="count"/> ids: a statement's text depends only on how many there are.</summary>
    private static string IdParameters(int count, int first) => string.Join(", ", Enumerable.Range(first, count).Select(i => $"{{{i}}}"));

    private static FormattableString Create(string format, object[] arguments) =>
        System.Runtime.CompilerServices.FormattableStringFactory.Create(format, arguments);

    /// <summary>Runs one engine write that opens and commits its own transaction (SQLite: in turn with the engine's other writes).</summary>
    private protected abstract Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken);

    /// <summary>Holds, until the open transaction ends, the right to insert a run of <paramref name="key"/>.</summary>
    private protected abstract Task LockKeyAsync(Guid workspaceId, string key, CancellationToken cancellationToken);

    /// <summary>Leases up to <paramref name="max"/> due runs (see <see cref="RunQueue.ClaimAsync"/>).</summary>
    public abstract Task<List<PipelineRun>> ClaimAsync(string owner, int max, DateTimeOffset now, DateTimeOffset leaseExpiresAt, CancellationToken cancellationToken);

    /// <summary>A statement (with its leading ';') that tells the workers of other instances on the same database a run is due; empty on SQLite (one process).</summary>
    private protected virtual string WakeStatement => "";

    private Task WakeOtherInstancesAsync(CancellationToken cancellationToken) =>
        WakeStatement.Length == 0 ? Task.CompletedTask : Db.Database.ExecuteSqlRawAsync(WakeStatement.TrimStart(';', ' '), cancellationToken);

    /// <summary>
    /// Inserts <paramref name="run"/>, or returns the workspace's active run of the same concurrency key. Inside a
    /// caller's open transaction the insert joins it (and takes no turn: the caller may hold SQLite's write lock).
    /// </summary>
    public Task<EnqueuedRun> InsertAsync(PipelineRun run, CancellationToken cancellationToken) =>
        Db.Database.CurrentTransaction is null ? WriteAsync(() => InsertCoreAsync(run, cancellationToken), cancellationToken) : InsertCoreAsync(run, cancellationToken);

    private async Task<EnqueuedRun> InsertCoreAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE on SQLite: the look-up and the insert happen under the write lock, so two requests for
        // the same key cannot both insert. A run without a key is one INSERT, atomic on its own.
        var joined = Db.Database.CurrentTransaction is not null;
        await using var transaction = run.ConcurrencyKey is not null && !joined ? await Db.Database.BeginTransactionAsync(cancellationToken) : null;
        if (run.ConcurrencyKey is { } key)
        {
            await LockKeyAsync(run.WorkspaceId, key, cancellationToken);
            var existing = await AllRuns.AsNoTracking()
                .Where(r => r.WorkspaceId == run.WorkspaceId && r.ConcurrencyKey == key)
                .Where(r => r.Status == PipelineRunStatus.Queued || r.Status == PipelineRunStatus.Running)
                .OrderBy(r => r.CreatedAt)
                .FirstOrDefaultAsync(cancellationToken);
            if (existing is not null)
            {
                if (transaction is not null) await transaction.CommitAsync(cancellationToken);
                return new EnqueuedRun(existing, IsNew: false);
            }
        }

        await InsertRowAsync(run, cancellationToken);
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        return new EnqueuedRun(run, IsNew: true);
    }

    // One plain INSERT instead of SaveChanges: no change tracking or model diff on the producer's path, which
    // a burst of enqueues pays once per run. Values are stored as the model's converters store them (enums as
    // text, instants as UTC ticks, the timeout as ticks); a joined caller transaction is joined by the command.
    // The wake-up of other instances travels in the same command (one round trip).
    private Task<int> InsertRowAsync(PipelineRun r, CancellationToken cancellationToken) =>
        Db.Database.ExecuteSqlAsync(System.Runtime.CompilerServices.FormattableStringFactory.Create($$"""
            INSERT INTO "PipelineRuns" ("Id", "WorkspaceId", "Kind", "PayloadJson", "Status", "Attempt", "MaxAttempts", "Timeout", "NextAttemptAt",
                "ProgressPercent", "ConcurrencyKey", "Trigger", "RequestedByUserId", "CreatedAt", "ErrorKind", "CancelRequested")
            VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}, {13}, {14}, {15}){{WakeStatement}}
            """, r.Id, r.WorkspaceId, r.Kind, r.PayloadJson, r.Status.ToString(), r.Attempt, r.MaxAttempts, r.Timeout.Ticks, r.NextAttemptAt.UtcTicks,
            r.ProgressPercent, r.ConcurrencyKey!, r.Trigger.ToString(), r.RequestedByUserId!, r.CreatedAt.UtcTicks, r.ErrorKind.ToString(), r.CancelRequested), cancellationToken);

    // One statement for both databases; only the row-lock clause differs (a constant, never user input).
    // A keyed run is eligible only when no run of its key is Running and it is the first due Queued run of
    // its key (NextAttemptAt, CreatedAt, Id): one batch never takes two runs of one key, and a batch of one
    // takes the same run the single claim always took. The choice is a MATERIALIZED CTE, made once: as an
    // IN (sub-select … LIMIT n FOR UPDATE SKIP LOCKED) PostgreSQL leased more than n runs under concurrent
    // claimers (the batch tests caught it), the plan not running the LIMIT once. The outer "Status" = 'Queued'
    // re-checks the rows the CTE chose.
    private protected async Task<List<PipelineRun>> ClaimWithAsync(string lockClause, string owner, int max, DateTimeOffset now, DateTimeOffset leaseExpiresAt, CancellationToken cancellationToken) =>
        await Db.PipelineRuns.FromSql(System.Runtime.CompilerServices.FormattableStringFactory.Create($$"""
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
            """, owner, leaseExpiresAt.UtcTicks, now.UtcTicks, max)).IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>
    /// Marks every run of <paramref name="runIds"/> still leased to <paramref name="owner"/> Succeeded, in one
    /// statement, and returns them as they are now (a run whose lease was lost is not among them).
    /// </summary>
    public Task<List<PipelineRun>> CompleteAsync(IReadOnlyList<Guid> runIds, string owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sql = Create($$"""
            UPDATE "PipelineRuns"
            SET "Status" = 'Succeeded', "FinishedAt" = {1}, "ProgressPercent" = 100, "LeaseOwner" = NULL, "LeaseExpiresAt" = NULL,
                "ErrorKind" = 'None', "ErrorMessage" = NULL
            WHERE "Id" IN ({{IdParameters(runIds.Count, first: 2)}}) AND "Status" = 'Running' AND "LeaseOwner" = {0}
            RETURNING *
            """, [owner, now.UtcTicks, .. runIds.Cast<object>()]);
        return WriteAsync(() => Db.PipelineRuns.FromSql(sql).IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Extends the leases of the runs of <paramref name="runIds"/> still leased to <paramref name="owner"/>, one statement
    /// per <see cref="MaxIdsPerStatement"/> runs, and returns each renewed run's id with its cancel request.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, bool>> RenewLeasesAsync(IReadOnlyList<Guid> runIds, string owner, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var renewed = new Dictionary<Guid, bool>(runIds.Count);
        foreach (var chunk in runIds.Chunk(MaxIdsPerStatement))
        {
            var sql = Create($$"""
                UPDATE "PipelineRuns" SET "LeaseExpiresAt" = {1}
                WHERE "Id" IN ({{IdParameters(chunk.Length, first: 2)}}) AND "Status" = 'Running' AND "LeaseOwner" = {0}
                RETURNING "Id", "CancelRequested"
                """, [owner, until.UtcTicks, .. chunk.Cast<object>()]);
            foreach (var lease in await WriteAsync(() => Db.Database.SqlQuery<RenewedLease>(sql).ToListAsync(cancellationToken), cancellationToken))
                renewed[lease.Id] = lease.CancelRequested;
        }
        return renewed;
    }

    /// <summary>A run a heartbeat renewed: its id and whether someone asked to cancel it.</summary>
    private sealed record RenewedLease(Guid Id, bool CancelRequested);

    /// <summary>Records progress of a leased run; returns the run as it is now, or null when the lease is gone.</summary>
    public async Task<PipelineRun?> SetProgressAsync(Guid runId, string owner, int percent, string? message, CancellationToken cancellationToken) =>
        (await WriteAsync(() => Db.PipelineRuns.FromSql($"""
            UPDATE "PipelineRuns" SET "ProgressPercent" = {percent}, "ProgressMessage" = {message}
            WHERE "Id" = {runId} AND "Status" = 'Running' AND "LeaseOwner" = {owner}
            RETURNING *
            """).IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken), cancellationToken)).SingleOrDefault();

    /// <summary>The attempt a leased run is on, or null when the lease is gone.</summary>
    public async Task<(int Attempt, int MaxAttempts)?> AttemptOfAsync(Guid runId, string owner, CancellationToken cancellationToken) =>
        await Leased(runId, owner).Select(r => new { r.Attempt, r.MaxAttempts }).FirstOrDefaultAsync(cancellationToken) is { } run
            ? (run.Attempt, run.MaxAttempts) : null;

    /// <summary>A failed attempt with attempts left waits until <paramref name="next"/> in the queue.</summary>
    public async Task<bool> RetryLaterAsync(Guid runId, string owner, int attempt, DateTimeOffset next, PipelineErrorKind error, string message, CancellationToken cancellationToken) =>
        await WriteAsync(() => Leased(runId, owner).Where(r => r.Attempt == attempt).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, PipelineRunStatus.Queued)
            .SetProperty(r => r.NextAttemptAt, next)
            .SetProperty(r => r.LeaseOwner, (string?)null)
            .SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(r => r.ErrorKind, error)
            .SetProperty(r => r.ErrorMessage, message), cancellationToken), cancellationToken) == 1;

    /// <summary>The leased run ends Failed (or, with <see cref="PipelineErrorKind.Cancelled"/>, Cancelled) with the reason.</summary>
    public async Task<bool> FinishAsync(Guid runId, string owner, int? attempt, PipelineRunStatus status, PipelineErrorKind error, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var run = Leased(runId, owner);
        if (attempt is { } a) run = run.Where(r => r.Attempt == a);
        return await WriteAsync(() => EndAsync(run, status, error, reason, now, cancellationToken), cancellationToken) == 1;
    }

    private static Task<int> EndAsync(IQueryable<PipelineRun> run, PipelineRunStatus status, PipelineErrorKind error, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        run.ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.FinishedAt, now)
            .SetProperty(r => r.LeaseOwner, (string?)null)
            .SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(r => r.ErrorKind, error)
            .SetProperty(r => r.ErrorMessage, reason), cancellationToken);

    /// <summary>
    /// Graceful stop: the leased run goes back to Queued, due now, and the interrupted attempt is given back
    /// (<see cref="PipelineErrorKind.Interrupted"/> tells the next execution it resumes).
    /// </summary>
    public async Task<bool> ReleaseAsync(Guid runId, string owner, DateTimeOffset now, CancellationToken cancellationToken) =>
        await WriteAsync(() => Leased(runId, owner).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, PipelineRunStatus.Queued)
            .SetProperty(r => r.Attempt, r => r.Attempt - 1)
            .SetProperty(r => r.NextAttemptAt, now)
            .SetProperty(r => r.LeaseOwner, (string?)null)
            .SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(r => r.ErrorKind, PipelineErrorKind.Interrupted)
            .SetProperty(r => r.ErrorMessage, "The app stopped before the run finished; it runs again from the start, and the interrupted attempt is not counted")
            .SetProperty(r => r.ProgressMessage, "Waiting: the worker stopped before the run finished"), cancellationToken), cancellationToken) == 1;

    /// <summary>A Queued run of the current workspace is cancelled at once.</summary>
    public async Task<bool> CancelQueuedAsync(Guid runId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await WriteAsync(() => EndAsync(Db.PipelineRuns.Where(r => r.Id == runId && r.Status == PipelineRunStatus.Queued),
            PipelineRunStatus.Cancelled, PipelineErrorKind.Cancelled, "Cancelled before it started", now, cancellationToken), cancellationToken) == 1;

    /// <summary>A Running run of the current workspace is asked to stop; its worker sees it at the next heartbeat.</summary>
    public async Task<bool> FlagCancelAsync(Guid runId, CancellationToken cancellationToken) =>
        await WriteAsync(() => Db.PipelineRuns.Where(r => r.Id == runId && r.Status == PipelineRunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true), cancellationToken), cancellationToken) == 1;

    /// <summary>The status of a run of the current workspace, or null when it has none by that id.</summary>
    public Task<PipelineRunStatus?> StatusOfAsync(Guid runId, CancellationToken cancellationToken) =>
        Db.PipelineRuns.Where(r => r.Id == runId).Select(r => (PipelineRunStatus?)r.Status).FirstOrDefaultAsync(cancellationToken);

    /// <summary>A run of the current workspace, or null.</summary>
    public Task<PipelineRun?> FindInWorkspaceAsync(Guid runId, CancellationToken cancellationToken) =>
        Db.PipelineRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);

    /// <summary>A run of any workspace as it is now, or null.</summary>
    public Task<PipelineRun?> FindAsync(Guid runId, CancellationToken cancellationToken) =>
        AllRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);

    /// <summary>
    /// A Failed or Cancelled run of the current workspace is queued again as a fresh set of attempts, unless
    /// another run of its key is active. Returns null when it was queued, else why not.
    /// </summary>
    public Task<WorkResult?> RequeueForRetryAsync(PipelineRun run, string? userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async () =>
        {
            await using var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
            if (run.ConcurrencyKey is { } key)
            {
                await LockKeyAsync(run.WorkspaceId, key, cancellationToken);
                if (await Db.PipelineRuns.AnyAsync(r => r.ConcurrencyKey == key && r.Id != run.Id
                        && (r.Status == PipelineRunStatus.Queued || r.Status == PipelineRunStatus.Running), cancellationToken))
                    return WorkResult.Conflict($"another run for the same target ({key}) is already queued or running");
            }
            var requeued = await Db.PipelineRuns
                .Where(r => r.Id == run.Id && (r.Status == PipelineRunStatus.Failed || r.Status == PipelineRunStatus.Cancelled))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, PipelineRunStatus.Queued)
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
            if (requeued == 0) return WorkResult.Conflict("the run changed while retrying it; reload and try again");
            await WakeOtherInstancesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (WorkResult?)null;
        }, cancellationToken);

    /// <summary>The Failed runs of the current workspace, oldest first.</summary>
    public Task<List<Guid>> FailedRunIdsAsync(int take, CancellationToken cancellationToken) =>
        Db.PipelineRuns.AsNoTracking().Where(r => r.Status == PipelineRunStatus.Failed)
            .OrderBy(r => r.CreatedAt).Select(r => r.Id).Take(take).ToListAsync(cancellationToken);

    /// <summary>What the sweeper needs to know of every Running run.</summary>
    public Task<List<RunningLease>> RunningLeasesAsync(CancellationToken cancellationToken) =>
        AllRuns.AsNoTracking().Where(r => r.Status == PipelineRunStatus.Running)
            .Select(r => new RunningLease(r.Id, r.LeaseOwner, r.LeaseExpiresAt, r.StartedAt, r.Timeout, r.Attempt, r.MaxAttempts))
            .ToListAsync(cancellationToken);

    private IQueryable<PipelineRun> Seen(RunningLease lease) =>
        AllRuns.Where(r => r.Id == lease.Id && r.Status == PipelineRunStatus.Running && r.LeaseOwner == lease.LeaseOwner && r.LeaseExpiresAt == lease.LeaseExpiresAt);

    /// <summary>A run the sweeper saw with this lease ends Failed, unless a heartbeat moved the lease on since.</summary>
    public async Task<bool> FailSweptAsync(RunningLease lease, PipelineErrorKind error, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        await WriteAsync(() => EndAsync(Seen(lease), PipelineRunStatus.Failed, error, reason, now, cancellationToken), cancellationToken) == 1;

    /// <summary>A run the sweeper saw with this (expired) lease goes back to Queued, due now.</summary>
    public async Task<bool> RequeueSweptAsync(RunningLease lease, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        await WriteAsync(() => Seen(lease).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, PipelineRunStatus.Queued)
            .SetProperty(r => r.NextAttemptAt, now)
            .SetProperty(r => r.LeaseOwner, (string?)null)
            .SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(r => r.ErrorKind, PipelineErrorKind.LeaseExpired)
            .SetProperty(r => r.ErrorMessage, reason), cancellationToken), cancellationToken) == 1;

    /// <summary>Appends a log line and drops the lines older than the newest <paramref name="keep"/>.</summary>
    public Task AppendLogAsync(PipelineRunLog line, int keep, CancellationToken cancellationToken) =>
        WriteAsync(async () =>
        {
            Db.PipelineRunLogs.Add(line);
            await Db.SaveChangesAsync(cancellationToken);
            Db.ChangeTracker.Clear();
            var oldestKept = line.Sequence - keep + 1;
            if (oldestKept > 1)
                await Db.PipelineRunLogs.IgnoreQueryFilters().Where(l => l.RunId == line.RunId && l.Sequence < oldestKept).ExecuteDeleteAsync(cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>The last log line's sequence number of a run, 0 with none.</summary>
    public async Task<int> LastLogSequenceAsync(Guid runId, CancellationToken cancellationToken) =>
        await Db.PipelineRunLogs.IgnoreQueryFilters().Where(l => l.RunId == runId).MaxAsync(l => (int?)l.Sequence, cancellationToken) ?? 0;

    /// <summary>The names of the given workspaces (a deleted one is missing).</summary>
    public Task<Dictionary<Guid, string>> WorkspaceNamesAsync(IEnumerable<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        var ids = workspaceIds.Distinct().ToList();
        return Db.Workspaces.AsNoTracking().Where(w => ids.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Name, cancellationToken);
    }
}

/// <summary>A Running run's lease as the sweeper read it.</summary>
public sealed record RunningLease(Guid Id, string? LeaseOwner, DateTimeOffset? LeaseExpiresAt, DateTimeOffset? StartedAt, TimeSpan Timeout, int Attempt, int MaxAttempts);
