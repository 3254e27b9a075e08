using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Workspaces;

/// <summary>The current workspace's name, time zone (dashboard days) and currency; admins change them.</summary>
public sealed class WorkspaceSettings(WorkDbContext db, CurrentWorkspace workspace, ActivityLog activity, TimeProvider time)
{
    public static readonly string[] Currencies = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK", "JPY"];

    public Task<Workspace> GetAsync(CancellationToken cancellationToken = default) =>
        db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == workspace.WorkspaceId, cancellationToken);

    public async Task<WorkResult> UpdateAsync(string name, string timeZone, string currency, CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return WorkResult.Forbidden("Only workspace admins can change workspace settings.");
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 100) return WorkResult.Invalid("The workspace name must be 1 to 100 characters.");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone ?? "", out _))
            return WorkResult.Invalid($"Unknown time zone '{timeZone}'; use an IANA name such as Europe/Berlin or America/New_York.");
        if (!Currencies.Contains(currency)) return WorkResult.Invalid($"Unknown currency '{currency}'; valid: {string.Join(", ", Currencies)}.");

        var entity = await db.Workspaces.SingleAsync(w => w.Id == workspace.WorkspaceId, cancellationToken);
        // Report schedules are wall-clock times in this zone: their next runs move with it.
        if (entity.TimeZone != timeZone) await Reports.Schedules.ReportScheduleService.RescheduleAllAsync(db, timeZone!, time.GetUtcNow(), cancellationToken);
        (entity.Name, entity.TimeZone, entity.Currency) = (name, timeZone!, currency);
        await activity.RecordAsync("workspace.settings_changed", $"{name}, {timeZone}, {currency}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return WorkResult.Ok;
    }
}
