using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Activity;

public sealed record ActivityList(IReadOnlyList<ActivityEntry> Items, int Total, int Page, int PageSize);

/// <summary>Reads the current workspace's activity, newest first.</summary>
public sealed class ActivityFeed(WorkDbContext db)
{
    public const int MaxPageSize = 200;

    /// <param name="text">Matches actor, action or target (contains, case-insensitive for ASCII).</param>
    public async Task<ActivityList> SearchAsync(string? text = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        var entries = db.Activity.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            var pattern = $"%{text.Trim().Replace("%", "").Replace("_", "")}%";
            // SQLite's LIKE ignores ASCII case, PostgreSQL's does not: ILIKE there.
            entries = db.IsPostgres
                ? entries.Where(a => EF.Functions.ILike(a.ActorName, pattern) || EF.Functions.ILike(a.Action, pattern) || EF.Functions.ILike(a.Target!, pattern))
                : entries.Where(a => EF.Functions.Like(a.ActorName, pattern) || EF.Functions.Like(a.Action, pattern) || EF.Functions.Like(a.Target!, pattern));
        }
        var total = await entries.CountAsync(cancellationToken);
        var items = await entries.OrderByDescending(a => a.At).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new ActivityList(items, total, page, pageSize);
    }
}
