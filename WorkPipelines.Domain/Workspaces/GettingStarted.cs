using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Workspaces;

/// <summary>
/// The first-run checklist of the current workspace: connect a source, invite a teammate, schedule a report. Each step is
/// read from the data (never ticked by hand), so it stays true when the step is done elsewhere (API, another admin).
/// </summary>
public sealed class GettingStarted(WorkDbContext db, CurrentWorkspace workspace, ActivityLog activity, TimeProvider time)
{
    public const string AdminOnly = "Only workspace admins can put the checklist away.";

    public async Task<GettingStartedStatus> GetAsync(CancellationToken cancellationToken = default)
    {
        var facts = await db.Workspaces.AsNoTracking()
            .Where(w => w.Id == workspace.WorkspaceId)
            .Select(w => new { w.IsSample, Dismissed = w.GettingStartedDismissedAt != null })
            .SingleAsync(cancellationToken);
        return new GettingStartedStatus(
            HasSource: await db.Connections.AnyAsync(cancellationToken),
            HasTeammate: await db.Memberships.CountAsync(cancellationToken) > 1,
            HasScheduledReport: await db.ReportSchedules.AnyAsync(s => s.Enabled, cancellationToken),
            Dismissed: facts.Dismissed,
            IsSample: facts.IsSample);
    }

    /// <summary>Puts the checklist away for everyone in the workspace (admins only).</summary>
    public async Task<WorkResult> DismissAsync(CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return WorkResult.Forbidden(AdminOnly);
        var entity = await db.Workspaces.SingleAsync(w => w.Id == workspace.WorkspaceId, cancellationToken);
        if (entity.GettingStartedDismissedAt is not null) return WorkResult.Ok;
        entity.GettingStartedDismissedAt = time.GetUtcNow();
        await activity.RecordAsync("workspace.checklist_dismissed", null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return WorkResult.Ok;
    }
}

/// <summary>Where the current workspace stands on its first-run checklist.</summary>
/// <param name="HasSource">At least one source is connected.</param>
/// <param name="HasTeammate">Someone besides the first admin is a member.</param>
/// <param name="HasScheduledReport">A report is scheduled (and switched on).</param>
/// <param name="Dismissed">An admin put the checklist away.</param>
/// <param name="IsSample">The workspace is sample data: it gets the sample banner, not the checklist.</param>
public sealed record GettingStartedStatus(bool HasSource, bool HasTeammate, bool HasScheduledReport, bool Dismissed, bool IsSample)
{
    public int Done => (HasSource ? 1 : 0) + (HasTeammate ? 1 : 0) + (HasScheduledReport ? 1 : 0);
    public bool AllDone => Done == 3;

    /// <summary>The checklist shows on the dashboard of a real workspace until all is done or an admin puts it away.</summary>
    public bool Shows => !IsSample && !Dismissed && !AllDone;
}
