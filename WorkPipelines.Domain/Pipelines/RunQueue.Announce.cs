using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Notifications;

namespace WorkPipelines.Domain.Pipelines;

// Telling people: every transition is published on the event bus; a run someone asked for also
// leaves a notification under their bell when it ends.
public sealed partial class RunQueue
{
    private void Announce(PipelineRun run, RunEventType type) =>
        events.Publish(new RunEvent(type, run.Id, run.WorkspaceId, run.Kind, kinds.TitleFor(run.Kind, run.PayloadJson), run.Status, run.ProgressPercent,
            type == RunEventType.Progress ? run.ProgressMessage : run.ErrorMessage ?? run.ProgressMessage, run.RequestedByUserId, time.GetUtcNow()));

    /// <summary>Reads the run as it is now and announces <paramref name="type"/>.</summary>
    private async Task AnnounceAsync(Guid runId, RunEventType type, CancellationToken cancellationToken)
    {
        var run = await AllRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null) return;

        if (run.RequestedByUserId is { } userId && type is RunEventType.Succeeded or RunEventType.Failed or RunEventType.Cancelled)
        {
            db.Notifications.Add(new Notification
            {
                WorkspaceId = run.WorkspaceId,
                UserId = userId,
                Title = type switch
                {
                    RunEventType.Succeeded => $"{kinds.TitleFor(run.Kind, run.PayloadJson)} finished",
                    RunEventType.Failed => $"{kinds.TitleFor(run.Kind, run.PayloadJson)} failed",
                    _ => $"{kinds.TitleFor(run.Kind, run.PayloadJson)} was cancelled",
                },
                Body = run.ErrorMessage ?? run.ProgressMessage,
                Level = type switch
                {
                    RunEventType.Succeeded => NotificationLevel.Success,
                    RunEventType.Failed => NotificationLevel.Error,
                    _ => NotificationLevel.Warning,
                },
                Link = $"pipelines/{run.Id}",
                CreatedAt = time.GetUtcNow(),
            });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        Announce(run, type);
    }
}
