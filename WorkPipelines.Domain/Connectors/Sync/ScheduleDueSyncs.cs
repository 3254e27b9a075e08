using Coravel.Invocable;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.Connectors.Sync;

/// <summary>
/// Scheduled by Coravel every minute: queues a sync for each connection that is due. After
/// downtime a connection is due once, whatever it missed: one catch-up run, then its next time
/// moves to now + interval. The concurrency key keeps it to one sync per connection.
/// </summary>
public sealed class ScheduleDueSyncs(WorkDbContext db, RunQueue queue, TimeProvider time) : IInvocable, ICancellableInvocable
{
    public CancellationToken CancellationToken { get; set; }

    public async Task Invoke()
    {
        var now = time.GetUtcNow();
        var due = await db.Connections.IgnoreQueryFilters().AsNoTracking()
            .Where(c => !c.Paused && c.Schedule != SyncSchedule.Manual && c.NextSyncAt != null && c.NextSyncAt <= now)
            .Select(c => new { c.Id, c.WorkspaceId, c.Schedule, c.Provider })
            .ToListAsync(CancellationToken);

        foreach (var connection in due)
        {
            await queue.EnqueueAsync(new PipelineRequest(connection.WorkspaceId, SyncConnection.KindName)
            {
                Payload = new SyncPayload(connection.Id, Provider: connection.Provider),
                ConcurrencyKey = SyncConnection.ConcurrencyKey(connection.Id),
                Trigger = PipelineTrigger.Schedule,
            }, CancellationToken);
            var next = now + connection.Schedule.Interval()!.Value;
            await db.Connections.IgnoreQueryFilters().Where(c => c.Id == connection.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.NextSyncAt, next), CancellationToken);
        }
    }
}
