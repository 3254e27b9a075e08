using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Metrics;

/// <summary>
/// Turns a <see cref="PeriodQuery"/> into days: today is today in the workspace's time zone, by the <see cref="TimeProvider"/>.
/// The one place pages, the API, reports and report schedules resolve a period.
/// </summary>
public sealed class PeriodResolver(WorkDbContext db, CurrentWorkspace workspace, TimeProvider time)
{
    /// <summary>Today in the current workspace's time zone (UTC when it has none).</summary>
    public async Task<DateOnly> TodayAsync(CancellationToken cancellationToken = default)
    {
        var zone = await db.Workspaces.Where(w => w.Id == workspace.WorkspaceId).Select(w => w.TimeZone).FirstOrDefaultAsync(cancellationToken);
        return Period.Today(time.GetUtcNow(), zone ?? "UTC");
    }

    /// <summary>The period for today in the current workspace, or what is wrong with the query.</summary>
    /// <param name="valid">The keys this caller accepts; <see cref="Period.Keys"/> when null.</param>
    public async Task<(Period? Period, string? Problem)> ResolveAsync(PeriodQuery query, IReadOnlyList<string>? valid = null,
        CancellationToken cancellationToken = default) =>
        Resolve(query, await TodayAsync(cancellationToken), valid);

    /// <summary>The period for today in <paramref name="timeZone"/>: for work outside a workspace's scope (report schedules).</summary>
    public static (Period? Period, string? Problem) Resolve(PeriodQuery query, DateTimeOffset now, string timeZone, IReadOnlyList<string>? valid = null) =>
        Resolve(query, Period.Today(now, timeZone), valid);

    private static (Period? Period, string? Problem) Resolve(PeriodQuery query, DateOnly today, IReadOnlyList<string>? valid) =>
        Period.Parse(query.Period, query.Compare, query.From, query.To, today, valid);
}
