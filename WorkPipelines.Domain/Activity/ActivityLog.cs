using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Activity;

/// <summary>Adds activity entries to the caller's unit of work; they are saved with the change they describe.</summary>
public sealed class ActivityLog(WorkDbContext db, CurrentWorkspace workspace, RequestOrigin origin, TimeProvider time)
{
    /// <summary>Records that the current user did <paramref name="action"/>; the caller saves.</summary>
    public async Task RecordAsync(string action, string? target = null, CancellationToken cancellationToken = default)
    {
        var actor = await db.Users.Where(u => u.Id == workspace.UserId)
            .Select(u => u.DisplayName ?? u.Email).FirstOrDefaultAsync(cancellationToken) ?? "system";
        db.Activity.Add(new ActivityEntry
        {
            WorkspaceId = workspace.WorkspaceId,
            ActorUserId = workspace.UserId,
            ActorName = actor,
            Action = action,
            Target = target,
            IpAddress = origin.IpAddress,
            At = time.GetUtcNow(),
        });
    }
}
