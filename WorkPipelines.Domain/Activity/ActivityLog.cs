using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Activity;

/// <summary>Adds activity entries to the caller's unit of work; they are saved with the change they describe.</summary>
public sealed class ActivityLog(WorkDbContext db, CurrentWorkspace workspace, TimeProvider time)
{
    public void Record(string actorName, string action, string? target = null) =>
        db.Activity.Add(new ActivityEntry
        {
            WorkspaceId = workspace.WorkspaceId,
            ActorUserId = workspace.UserId,
            ActorName = actorName,
            Action = action,
            Target = target,
            At = time.GetUtcNow(),
        });
}
