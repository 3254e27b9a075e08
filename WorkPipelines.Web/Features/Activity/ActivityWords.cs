using System.Text.RegularExpressions;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Web.Features.Activity;

/// <summary>
/// An activity entry in words: the stored action code (<c>connection.sync_requested</c>) and target (<c>ga4 (sandbox)</c>,
/// a run's id) stay as they are for the API and search; the page says "asked for a sync" of "Google Analytics 4 (sample data)"
/// and links what it can instead of showing an id.
/// </summary>
public static partial class ActivityWords
{
    public sealed record Described(string What, string? Target, string? Link);

    public static Described Describe(ActivityEntry entry)
    {
        var target = entry.Target;
        return entry.Action switch
        {
            "user.signed_in" => new("signed in", target == "api token" ? "with an API token" : null, null),
            "member.added" => new("added a member", target, null),
            "member.role_changed" => new("changed a member's role", target, null),
            "member.removed" => new("removed a member", target, null),
            "workspace.settings_changed" => new("changed the workspace settings", target, null),
            "workspace.sample_created" => new("made this sample data workspace", target, "dashboard"),
            "workspace.sample_removed" => new("removed their sample data workspace", null, null),
            "workspace.checklist_dismissed" => new("put the “Get started” checklist away", null, null),
            "connection.connected" => new("connected a source", Source(target), "connectors"),
            "connection.reconnected" => new("reconnected a source", Source(target), "connectors"),
            "connection.updated" => new("changed a source's sync schedule", Source(target), "connectors"),
            "connection.sync_requested" => new("asked for a sync", Source(target), "connectors"),
            "connection.disconnected" => new("disconnected a source", Source(target), "connectors"),
            "connection.sandbox_faults" => new("set test faults on a sample source", Source(target), "connectors"),
            "run.started" => new("started a check of the background work", "the run", Link("pipelines", target)),
            "run.cancelled" => new("cancelled a run", "the run", Link("pipelines", target)),
            "run.retried" => new("ran a run again", "the run", Link("pipelines", target)),
            "runs.retried_failed" => new("ran the failed runs again", target, "pipelines"),
            "report.requested" => new($"asked for a{Article(FirstWord(target))} {FirstWord(target)} report", "the report", Link("reports", target)),
            "report.deleted" => new("deleted a report", null, "reports"),
            "report_schedule.created" => new("scheduled a report", WithoutIds(target), "reports"),
            "report_schedule.changed" => new("changed a report schedule", WithoutIds(target), "reports"),
            "report_schedule.enabled" => new("turned a report schedule on", null, "reports"),
            "report_schedule.disabled" => new("turned a report schedule off", null, "reports"),
            "report_schedule.deleted" => new("deleted a report schedule", null, "reports"),
            "brand.analysis.requested" => new("asked for a brand analysis", target, "brand"),
            // A code this page does not know yet: shown as it is rather than hidden.
            _ => new(entry.Action, target, null),
        };
    }

    /// <summary>"ga4 (sandbox)" → "Google Analytics 4 (sample data)"; "stripe: Hourly, paused" → "Stripe: hourly, paused".</summary>
    private static string? Source(string? target)
    {
        if (target is null) return null;
        var key = KeyPattern().Match(target).Value;
        var rest = target[key.Length..].Replace("sandbox", "sample data");
        foreach (var (schedule, words) in Schedules) rest = rest.Replace($": {schedule}", $": {words}");
        return (ProviderCatalog.Find(key)?.Title ?? key) + rest;
    }

    private static readonly (SyncSchedule, string)[] Schedules =
    [
        (SyncSchedule.Every15Minutes, "every 15 minutes"), (SyncSchedule.Every6Hours, "every 6 hours"), (SyncSchedule.Hourly, "hourly"),
        (SyncSchedule.Daily, "daily"), (SyncSchedule.Manual, "only when asked"),
    ];

    /// <summary>The page of the thing whose id the target holds ("pipelines/{id}"), or the list when it holds none.</summary>
    private static string Link(string page, string? target) =>
        target?.Split(' ').Select(part => Guid.TryParse(part, out var id) ? id : (Guid?)null).FirstOrDefault(id => id is not null) is { } found
            ? $"{page}/{found}" : page;

    private static string? WithoutIds(string? target) =>
        target is null ? null : string.Join(' ', target.Split(' ').Where(part => !Guid.TryParse(part, out _)));

    private static string FirstWord(string? target) => target?.Split(' ')[0] ?? "";

    private static string Article(string word) => word.Length > 0 && "AEIOU".Contains(char.ToUpperInvariant(word[0])) ? "n" : "";

    [GeneratedRegex("^[a-z0-9_-]+")]
    private static partial Regex KeyPattern();
}
