using Coravel.Invocable;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.Connectors.Sync;

/// <summary>
/// Scheduled by Coravel every minute: queues a sync for each connection that is due. After
/// downtime a connection is due once, whatever it missed: one catch-up run, then its next time
/// moves to now + interval. A connection is claimed by moving its NextSyncAt forward with a
/// conditional update in the same transaction as the run, so two ticks or two instances on one
/// database queue it once, and a crash queues it not at all rather than lose its next time.
/// </summary>
public sealed class ScheduleDueSyncs(WorkDbContext db, RunQueue queue, TimeProvider time) : IInvocable, ICancellableInvocable
{
    public CancellationToken CancellationToken { get; set; }

    public async Task Invoke()
    {
        var now = time.GetUtcNow();
        var due = await db.Connections.IgnoreQueryFilters().AsNoTracking()
            .Where(c => !c.Paused && c.Schedule != SyncSchedule.Manual && c.NextSyncAt != null && c.NextSyncAt <= now)
            .Select(c => new { c.Id, c.WorkspaceId, c.Schedule, c.Provider, c.NextSyncAt })
            .ToListAsync(CancellationToken);

        foreach (var connection in due)
        {
            var next = now + connection.Schedule.Interval()!.Value;
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken);
            var claimed = await db.Connections.IgnoreQueryFilters()
                .Where(c => c.Id == connection.Id && c.NextSyncAt == connection.NextSyncAt)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.NextSyncAt, next), CancellationToken);
            if (claimed == 0) continue; // another tick or instance got there first; disposing rolls back
            await queue.EnqueueAsync(new PipelineRequest(connection.WorkspaceId, SyncConnection.KindName)
            {
                Payload = new SyncPayload(connection.Id, Provider: connection.Provider),
                ConcurrencyKey = SyncConnection.ConcurrencyKey(connection.Id),
                Trigger = PipelineTrigger.Schedule,
            }, CancellationToken);
            await transaction.CommitAsync(CancellationToken);
        }
    }
}
