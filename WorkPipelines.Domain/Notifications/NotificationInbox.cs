using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Notifications;

/// <summary>The current user's notifications in the current workspace (the bell).</summary>
public sealed class NotificationInbox(WorkDbContext db, CurrentWorkspace workspace, TimeProvider time)
{
    private IQueryable<Notification> Mine => db.Notifications.Where(n => n.UserId == workspace.UserId);

    public Task<int> UnreadCountAsync(CancellationToken cancellationToken = default) =>
        Mine.CountAsync(n => n.ReadAt == null, cancellationToken);

    public Task<List<Notification>> LatestAsync(int take = 20, CancellationToken cancellationToken = default) =>
        Mine.AsNoTracking().OrderByDescending(n => n.CreatedAt).Take(take).ToListAsync(cancellationToken);

    public Task<int> MarkAllReadAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return Mine.Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
    }
}
