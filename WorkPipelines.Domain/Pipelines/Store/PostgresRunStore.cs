using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Data.Configurations;

namespace WorkPipelines.Domain.Pipelines.Store;

/// <summary>
/// PostgreSQL: many writers at once, so writes just run; a concurrency key is serialised by an advisory lock
/// held to commit; claimers skip the rows another claimer holds (<c>FOR UPDATE SKIP LOCKED</c>); and an enqueue
/// wakes the workers of every instance through <c>NOTIFY</c> (<see cref="PostgresRunWakeup"/> listens).
/// </summary>
internal sealed class PostgresRunStore(WorkDbContext db) : RunStore(db)
{
    /// <summary>The channel enqueues notify and every instance's worker listens on.</summary>
    public const string Channel = "workpipelines_runs";

    private protected override Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) => write();

    private protected override Task LockKeyAsync(Guid workspaceId, string key, CancellationToken cancellationToken) =>
        Db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({workspaceId + "/" + key}, 0))", cancellationToken);

    // NOTIFY is delivered at commit, so no worker wakes for a run it cannot see yet.
    private protected override string WakeStatement => $"; NOTIFY {Channel}";

    public override async Task<List<PipelineRun>> ClaimAsync(string owner, int max, DateTimeOffset now, DateTimeOffset leaseExpiresAt, CancellationToken cancellationToken)
    {
        // Two instances can pick two different Queued runs of one key at the same moment (each NOT EXISTS sees no
        // Running run yet); the unique index lets one through and the other tries again, now seeing that key taken.
        // After a few collisions in a row it reports nothing due; the worker polls again.
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            try
            {
                return await ClaimWithAsync("FOR UPDATE SKIP LOCKED", owner, max, now, leaseExpiresAt, cancellationToken);
            }
            catch (Exception ex) when (DatabaseErrors.IsUniqueViolation(ex, PipelineRunConfiguration.OneRunningPerKey))
            {
            }
        }
        return [];
    }
}
