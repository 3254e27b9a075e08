using Coravel.Invocable;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.Alerts;

/// <summary>
/// Scheduled by Coravel every hour: queues an evaluation for each workspace with an active rule, so rules on sources that
/// did not sync still fire (a day without orders is news too). The evaluation's concurrency key joins a request already
/// queued, and each rule fires once per day however often it is evaluated (see <see cref="EvaluateAlerts"/>).
/// </summary>
public sealed class ScheduleAlertEvaluations(WorkDbContext db, RunQueue queue) : IInvocable, ICancellableInvocable
{
    public CancellationToken CancellationToken { get; set; }

    public async Task Invoke()
    {
        var workspaces = await db.Set<AlertRule>().IgnoreQueryFilters().AsNoTracking()
            .Where(r => !r.Muted).Select(r => r.WorkspaceId).Distinct().ToListAsync(CancellationToken);
        foreach (var workspace in workspaces)
            await queue.EnqueueAsync(EvaluationOf(workspace, PipelineTrigger.Schedule), CancellationToken);
    }

    internal static PipelineRequest EvaluationOf(Guid workspace, PipelineTrigger trigger) => new(workspace, EvaluateAlerts.KindName)
    {
        Payload = new EvaluateAlertsPayload(),
        ConcurrencyKey = EvaluateAlerts.ConcurrencyKey,
        Trigger = trigger,
    };
}
