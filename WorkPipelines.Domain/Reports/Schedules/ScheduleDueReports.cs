using Coravel.Invocable;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.Reports.Schedules;

/// <summary>
/// Scheduled by Coravel every minute: starts one report for each schedule whose time has come. A
/// schedule is claimed by moving its NextDueUtc forward with a conditional update, in the same
/// transaction that inserts the report and its run, so two ticks (or two instances) never start it
/// twice and a crash starts it not at all rather than half. After downtime a schedule is due once,
/// however many slots it missed: one catch-up report, then the next slot after now.
/// </summary>
public sealed class ScheduleDueReports(WorkDbContext db, RunQueue queue, TimeProvider time, ILogger<ScheduleDueReports> logger) : IInvocable, ICancellableInvocable
{
    public CancellationToken CancellationToken { get; set; }

    public async Task Invoke()
    {
        var now = time.GetUtcNow();
        var due = await db.Set<ReportSchedule>().IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.Enabled && s.NextDueUtc != null && s.NextDueUtc <= now)
            .Join(db.Workspaces, s => s.WorkspaceId, w => w.Id, (s, w) => new { Schedule = s, w.TimeZone })
            .ToListAsync(CancellationToken);

        foreach (var item in due)
        {
            try
            {
                await StartAsync(item.Schedule, ScheduleClock.Zone(item.TimeZone), now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One broken schedule must not hold up the others; it is tried again next tick.
                logger.LogError(ex, "Could not start report schedule {ScheduleId}", item.Schedule.Id);
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task StartAsync(ReportSchedule schedule, TimeZoneInfo zone, DateTimeOffset now)
    {
        var (period, _) = PeriodResolver.Resolve(new PeriodQuery(schedule.PeriodKey, null, null, null), now, zone.Id, Period.ReportKeys);
        var next = ScheduleClock.NextAfter(schedule, zone, now);
        var report = period is null ? null : Report.Generating(schedule.WorkspaceId, schedule.Type, period, schedule.CreatedByUserId, now);

        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken);
        var claimed = await db.Set<ReportSchedule>().IgnoreQueryFilters()
            .Where(s => s.Id == schedule.Id && s.Enabled && s.NextDueUtc == schedule.NextDueUtc)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.NextDueUtc, next)
                .SetProperty(x => x.LastRunUtc, now)
                .SetProperty(x => x.LastReportId, report == null ? null : report.Id), CancellationToken);
        if (claimed == 0) return; // another tick got there first, or it was changed meanwhile; disposing rolls back
        if (report is null)
        {
            // A period key that is no longer valid (removed in an upgrade): skip this slot rather than fire every minute.
            await transaction.CommitAsync(CancellationToken);
            return;
        }

        db.Add(report);
        var enqueued = await queue.EnqueueAsync(new PipelineRequest(schedule.WorkspaceId, GenerateReport.KindName)
        {
            Payload = new GenerateReportPayload(report.Id, schedule.Id),
            Trigger = PipelineTrigger.Schedule,
            RequestedByUserId = schedule.CreatedByUserId,
        }, CancellationToken);
        report.RunId = enqueued.Run.Id;
        await db.SaveChangesAsync(CancellationToken);
        await transaction.CommitAsync(CancellationToken);
        db.ChangeTracker.Clear();
    }
}
