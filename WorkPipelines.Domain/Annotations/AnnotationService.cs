using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Annotations;

/// <summary>
/// Lists the annotations of a date range, and adds, changes, deletes and dismisses them. Any member may add one (a note on the
/// chart is how a team explains its numbers); only its author or an admin may change or delete it, so nobody rewrites a colleague's
/// note, and an admin can still tidy up. Automatic ones are not changed, only dismissed, by admins. Checks role and workspace
/// itself: pages and the API call it the same way.
/// </summary>
public sealed class AnnotationService(WorkDbContext db, CurrentWorkspace workspace, ActivityLog activity, TimeProvider time)
{
    public const string AuthorOrAdmin = "Only the person who wrote an annotation, or a workspace admin, can change or delete it.";
    public const string AdminDismisses = "Only workspace admins can dismiss automatic annotations.";
    public const int MaxRangeDays = 3660;
    public const int MaxSpanDays = 366;
    private static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>
    /// Annotations touching <paramref name="from"/>..<paramref name="to"/>, oldest first; with a panel, that panel's, every panel's, and the
    /// automatic ones of the sources that feed it.
    /// </summary>
    public async Task<(WorkResult Result, IReadOnlyList<AnnotationView> Annotations)> ListAsync(DateOnly from, DateOnly to, string? panel = null,
        bool includeDismissed = false, CancellationToken cancellationToken = default)
    {
        if (to < from) return (WorkResult.Invalid($"to ({to:yyyy-MM-dd}) is before from ({from:yyyy-MM-dd}); give from on or before to"), []);
        if (to.DayNumber - from.DayNumber + 1 > MaxRangeDays) return (WorkResult.Invalid($"the range is {to.DayNumber - from.DayNumber + 1} days; at most {MaxRangeDays}"), []);
        var (panelKey, problem) = ParsePanel(panel);
        if (problem is not null) return (WorkResult.Invalid(problem), []);

        var query = db.Annotations.AsNoTracking().Where(a => a.Date <= to && (a.EndDate ?? a.Date) >= from);
        if (panelKey is not null)
        {
            var sources = PanelDefinitions.All.Single(p => p.Key == panelKey).Sources.ToList();
            query = query.Where(a => a.Panel == panelKey || (a.Panel == null && (a.Source == null || sources.Contains(a.Source))));
        }
        if (!includeDismissed) query = query.Where(a => a.DismissedAt == null);
        var rows = await query.OrderBy(a => a.Date).ThenBy(a => a.CreatedAt).ToListAsync(cancellationToken);
        return (WorkResult.Ok, await ViewsAsync(rows, cancellationToken));
    }

    /// <summary>One annotation; null when this workspace has no such one.</summary>
    public async Task<AnnotationView?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await db.Annotations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is { } found
            ? (await ViewsAsync([found], cancellationToken))[0]
            : null;

    public async Task<(WorkResult Result, AnnotationView? Annotation)> CreateAsync(AnnotationInput input, CancellationToken cancellationToken = default)
    {
        if (!workspace.IsResolved) return (WorkResult.Forbidden("Sign in to a workspace to add annotations."), null);
        var annotation = new Annotation { WorkspaceId = workspace.WorkspaceId, Text = "", Kind = AnnotationKind.User, CreatedByUserId = workspace.UserId, CreatedAt = time.GetUtcNow() };
        if (Apply(annotation, input) is { } problem) return (WorkResult.Invalid(problem), null);
        db.Annotations.Add(annotation);
        await activity.RecordAsync("annotation.created", Describe(annotation), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (WorkResult.Ok, (await ViewsAsync([annotation], cancellationToken))[0]);
    }

    public async Task<(WorkResult Result, AnnotationView? Annotation)> UpdateAsync(Guid id, AnnotationInput input, CancellationToken cancellationToken = default)
    {
        var annotation = await db.Annotations.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (annotation is null) return (NotFound(id), null);
        if (annotation.Automatic) return (WorkResult.Conflict("automatic annotations cannot be changed; dismiss it, or add your own note beside it"), null);
        if (!MayChange(annotation)) return (WorkResult.Forbidden(AuthorOrAdmin), null);
        if (Apply(annotation, input) is { } problem) return (WorkResult.Invalid(problem), null);
        annotation.UpdatedAt = time.GetUtcNow();
        await activity.RecordAsync("annotation.changed", Describe(annotation), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (WorkResult.Ok, (await ViewsAsync([annotation], cancellationToken))[0]);
    }

    /// <summary>Deletes a person's annotation; an automatic one is dismissed instead (kept hidden, so its event cannot add it again).</summary>
    public async Task<WorkResult> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var annotation = await db.Annotations.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (annotation is null) return NotFound(id);
        if (annotation.Automatic)
        {
            if (!workspace.IsAdmin) return WorkResult.Forbidden(AdminDismisses);
            if (annotation.DismissedAt is not null) return WorkResult.Ok;
            annotation.DismissedAt = time.GetUtcNow();
            annotation.DismissedByUserId = workspace.UserId;
            await activity.RecordAsync("annotation.dismissed", Describe(annotation), cancellationToken);
        }
        else
        {
            if (!MayChange(annotation)) return WorkResult.Forbidden(AuthorOrAdmin);
            db.Annotations.Remove(annotation);
            await activity.RecordAsync("annotation.deleted", Describe(annotation), cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return WorkResult.Ok;
    }

    private bool MayChange(Annotation annotation) =>
        annotation.Automatic ? workspace.IsAdmin : workspace.IsAdmin || (workspace.UserId is { } me && me == annotation.CreatedByUserId);

    /// <summary>Validates <paramref name="input"/> and copies it onto <paramref name="annotation"/>; returns the problem, or null.</summary>
    internal static string? Apply(Annotation annotation, AnnotationInput input)
    {
        var text = input.Text?.Trim() ?? "";
        if (text.Length == 0) return $"text is missing; give 1-{Annotation.MaxText} characters (\"Spring sale started\")";
        if (text.Length > Annotation.MaxText) return $"text is {text.Length} characters; at most {Annotation.MaxText}";
        if (text.Any(char.IsControl)) return "text must be one line without control characters";
        if (input.Date is not { } date) return "date is missing; give the day as yyyy-MM-dd";
        if (date < Earliest || date.Year > 2100) return $"date {date:yyyy-MM-dd} is out of range; give a day from {Earliest:yyyy-MM-dd} to 2100-12-31";
        if (input.EndDate is { } end)
        {
            if (end < date) return $"endDate {end:yyyy-MM-dd} is before date {date:yyyy-MM-dd}; give a day on or after it, or none for one day";
            if (end.DayNumber - date.DayNumber + 1 > MaxSpanDays) return $"the range is {end.DayNumber - date.DayNumber + 1} days; at most {MaxSpanDays}";
        }
        var (panel, problem) = ParsePanel(input.Panel);
        if (problem is not null) return problem;

        annotation.Text = text;
        annotation.Date = date;
        annotation.EndDate = input.EndDate == date ? null : input.EndDate;
        annotation.Panel = panel;
        return null;
    }

    /// <summary>A panel key, or null for every panel ("", "all").</summary>
    internal static (string? Panel, string? Problem) ParsePanel(string? text)
    {
        var key = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(key) || key == "all") return (null, null);
        return PanelDefinitions.All.Any(p => p.Key == key)
            ? (key, null)
            : (null, $"unknown panel '{text}'; valid: {string.Join(", ", PanelDefinitions.All.Select(p => p.Key))}, or all");
    }

    /// <summary>"Revenue", "All panels", or for an automatic one its source's panels ("Facebook, Instagram").</summary>
    public static string PanelTitle(string? panel, string? source = null) =>
        panel is not null ? PanelDefinitions.All.FirstOrDefault(p => p.Key == panel)?.Title ?? panel
        : source is not null && PanelDefinitions.All.Where(p => p.Sources.Contains(source)).Select(p => p.Title).ToList() is { Count: > 0 } fed ? string.Join(", ", fed)
        : "All panels";

    private async Task<IReadOnlyList<AnnotationView>> ViewsAsync(IReadOnlyList<Annotation> rows, CancellationToken cancellationToken)
    {
        var authorIds = rows.Select(a => a.CreatedByUserId).OfType<string>().Distinct().ToList();
        var names = authorIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => authorIds.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.DisplayName ?? u.Email }).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        return rows.Select(a => new AnnotationView(a.Id, a.Date, a.EndDate, a.Text, a.Panel, a.Source, PanelTitle(a.Panel, a.Source), a.Kind, a.Automatic,
            a.CreatedByUserId is { } by ? names.GetValueOrDefault(by) : null, a.CreatedAt, a.DismissedAt, MayChange(a))).ToList();
    }

    private static string Describe(Annotation a) => $"{a.Date:yyyy-MM-dd}{(a.EndDate is { } e ? $"..{e:yyyy-MM-dd}" : "")} ({PanelTitle(a.Panel, a.Source)}): {a.Text}";

    private static WorkResult NotFound(Guid id) => WorkResult.NotFound($"No annotation {id} in this workspace.");
}
