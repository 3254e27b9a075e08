using Coravel.Invocable;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Reports.Schedules;

namespace WorkPipelines.Domain.Digests;

/// <summary>
/// Scheduled by Coravel every minute: queues a <see cref="SendDigest"/> run for each digest whose local hour has come. A digest is
/// claimed by moving its NextDueUtc on with a conditional update in the same transaction as the run, as report schedules and
/// syncs are, so two ticks or two instances send it once; after downtime it is sent once, not once per missed slot.
/// </summary>
public sealed class ScheduleDueDigests(WorkDbContext db, RunQueue queue, TimeProvider time) : IInvocable, ICancellableInvocable
{
    public CancellationToken CancellationToken { get; set; }

    public async Task Invoke()
    {
        var now = time.GetUtcNow();
        var due = await db.Set<Digest>().IgnoreQueryFilters().AsNoTracking().Where(d => d.NextDueUtc <= now)
            .Join(db.Workspaces, d => d.WorkspaceId, w => w.Id, (d, w) => new { d.Id, d.WorkspaceId, d.UserId, d.Cadence, d.DayOfWeek, d.Hour, d.NextDueUtc, w.TimeZone })
            .ToListAsync(CancellationToken);
        foreach (var digest in due)
        {
            var next = DigestClock.NextAfter(digest.Cadence, digest.DayOfWeek, digest.Hour, ScheduleClock.Zone(digest.TimeZone), now);
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken);
            var claimed = await db.Set<Digest>().IgnoreQueryFilters().Where(d => d.Id == digest.Id && d.NextDueUtc == digest.NextDueUtc)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextDueUtc, next), CancellationToken);
            if (claimed == 0) continue;
            await queue.EnqueueAsync(new PipelineRequest(digest.WorkspaceId, SendDigest.KindName)
            {
                Payload = new SendDigestPayload(digest.Id), Trigger = PipelineTrigger.Schedule, RequestedByUserId = null,
            }, CancellationToken);
            await transaction.CommitAsync(CancellationToken);
        }
    }
}
