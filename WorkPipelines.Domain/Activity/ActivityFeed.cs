using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Activity;

/// <summary>Reads the current workspace's activity, newest first.</summary>
public sealed class ActivityFeed(WorkDbContext db)
{
    public Task<List<ActivityEntry>> LatestAsync(int take = 100, CancellationToken cancellationToken = default) =>
        db.Activity.AsNoTracking().OrderByDescending(a => a.At).Take(take).ToListAsync(cancellationToken);
}
