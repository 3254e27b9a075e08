using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Outbound;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Alerts;

/// <summary>
/// Alert rules of the current workspace for pages and the API alike: list, one with its history, create, change, delete,
/// mute and snooze, and a test send (admins for everything but reading). Checks role and workspace itself.
/// </summary>
public sealed class AlertService(WorkDbContext db, CurrentWorkspace workspace, AlertDelivery delivery, ActivityLog activity, TimeProvider time)
{
    public const string AdminOnly = "Only workspace admins can change alerts.";
    public const int HistoryDays = 90;
    private const int MaxRecipients = 10;

    public async Task<IReadOnlyList<AlertRuleView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rules = await db.Set<AlertRule>().AsNoTracking().OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
        List<AlertRuleView> views = [];
        // One short indexed read per rule (a workspace has a handful): its latest firing.
        foreach (var rule in rules)
            views.Add(View(rule, await db.Set<AlertFiring>().AsNoTracking().Where(f => f.RuleId == rule.Id).OrderByDescending(f => f.Day).FirstOrDefaultAsync(cancellationToken)));
        return views;
    }

    public async Task<(AlertRuleView Rule, IReadOnlyList<AlertFiringView> History)?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var rule = await db.Set<AlertRule>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null) return null;
        var history = await db.Set<AlertFiring>().AsNoTracking().Where(f => f.RuleId == id).OrderByDescending(f => f.Day).Take(HistoryDays).ToListAsync(cancellationToken);
        return (View(rule, history.FirstOrDefault()), [.. history.Select(f => FiringView(f, rule.Name))]);
    }

    /// <summary>Every rule's firings, newest first (the alert history).</summary>
    public async Task<IReadOnlyList<AlertFiringView>> HistoryAsync(int take = 100, CancellationToken cancellationToken = default)
    {
        var names = await db.Set<AlertRule>().AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);
        var firings = await db.Set<AlertFiring>().AsNoTracking().OrderByDescending(f => f.FiredAt).ThenByDescending(f => f.Day).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        return [.. firings.Select(f => FiringView(f, names.GetValueOrDefault(f.RuleId, "(deleted rule)")))];
    }

    public async Task<(WorkResult Result, AlertRuleView? Rule)> CreateAsync(AlertRuleInput input, CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return (WorkResult.Forbidden(AdminOnly), null);
        var rule = new AlertRule { WorkspaceId = workspace.WorkspaceId, Name = "", Metric = "", CreatedByUserId = workspace.UserId, CreatedAt = time.GetUtcNow() };
        if (Apply(rule, input) is { } problem) return (WorkResult.Invalid(problem), null);
        db.Add(rule);
        await activity.RecordAsync("alert.created", rule.Name, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (WorkResult.Ok, View(rule, null));
    }

    public async Task<(WorkResult Result, AlertRuleView? Rule)> UpdateAsync(Guid id, AlertRuleInput input, CancellationToken cancellationToken = default)
    {
        var rule = await db.Set<AlertRule>().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null) return (NotFound(id), null);
        if (!workspace.IsAdmin) return (WorkResult.Forbidden(AdminOnly), null);
        if (Apply(rule, input) is { } problem) return (WorkResult.Invalid(problem), null);
        await activity.RecordAsync("alert.changed", rule.Name, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (WorkResult.Ok, View(rule, null));
    }

    public async Task<(WorkResult Result, AlertRuleView? Rule)> SilenceAsync(Guid id, AlertSilenceInput input, CancellationToken cancellationToken = default)
    {
        var rule = await db.Set<AlertRule>().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null) return (NotFound(id), null);
        if (!workspace.IsAdmin) return (WorkResult.Forbidden(AdminOnly), null);
        var now = time.GetUtcNow();
        if (input.SnoozedUntil is { } until && (until <= now || until > now.AddDays(90)))
            return (WorkResult.Invalid($"snoozedUntil must be in the next 90 days (after {now:u}); got {until:u}"), null);
        rule.Muted = input.Muted ?? false;
        rule.SnoozedUntil = input.SnoozedUntil;
        await activity.RecordAsync(rule.Muted ? "alert.muted" : input.SnoozedUntil is null ? "alert.unmuted" : "alert.snoozed", rule.Name, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (WorkResult.Ok, View(rule, null));
    }

    public async Task<WorkResult> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var rule = await db.Set<AlertRule>().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null) return NotFound(id);
        if (!workspace.IsAdmin) return WorkResult.Forbidden(AdminOnly);
        db.Remove(rule);
        await activity.RecordAsync("alert.deleted", rule.Name, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return WorkResult.Ok;
    }

    /// <summary>Sends a sample alert to the rule's channels now, without recording a firing: is the webhook right, does mail arrive?</summary>
    public async Task<(WorkResult Result, AlertTestResult? Test)> TestAsync(Guid id, string? appUrl, CancellationToken cancellationToken = default)
    {
        var rule = await db.Set<AlertRule>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null) return (NotFound(id), null);
        if (!workspace.IsAdmin) return (WorkResult.Forbidden(AdminOnly), null);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var sample = new AlertFiring
        {
            WorkspaceId = rule.WorkspaceId, RuleId = rule.Id, Day = today, FiredAt = time.GetUtcNow(),
            Message = $"This is a test of the alert \"{rule.Name}\" ({Describe(rule)}). When it fires, its message will say what happened.",
        };
        var name = await db.Workspaces.Where(w => w.Id == workspace.WorkspaceId).Select(w => w.Name).SingleAsync(cancellationToken);
        var problem = await delivery.DeliverAsync(rule, sample, name, appUrl, cancellationToken);
        List<string> channels = [.. rule.NotifyBell ? ["bell"] : Array.Empty<string>(), .. rule.EmailRecipients.Count > 0 ? ["email"] : Array.Empty<string>(),
            .. rule.WebhookUrl is { Length: > 0 } ? ["webhook"] : Array.Empty<string>()];
        return (WorkResult.Ok, new AlertTestResult(channels, problem));
    }

    /// <summary>Validates <paramref name="input"/> and copies it onto <paramref name="rule"/>; returns the problem, or null.</summary>
    internal static string? Apply(AlertRule rule, AlertRuleInput input)
    {
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name)) return "name is missing; give the rule a name people will recognise in a notification";
        if (name.Length > 120) return $"name is {name.Length} characters long; at most 120";
        if (MetricCatalogue.Find(input.Metric) is not { } metric) return $"unknown metric '{input.Metric}'; valid: {MetricCatalogue.Keys}";
        if (Parse<AlertCondition>(input.Condition) is not { } condition) return $"unknown condition '{input.Condition}'; valid: threshold, change, anomaly";

        AlertDirection direction;
        if (string.IsNullOrWhiteSpace(input.Direction))
            direction = condition == AlertCondition.Threshold ? (metric.Kpi.HigherIsBetter ? AlertDirection.Below : AlertDirection.Above) : AlertDirection.Either;
        else if (Parse<AlertDirection>(input.Direction) is { } parsed) direction = parsed;
        else return $"unknown direction '{input.Direction}'; valid: above, below, either";
        if (condition == AlertCondition.Threshold && direction == AlertDirection.Either) return "a threshold is crossed from one side; direction must be above or below";

        var value = input.Value ?? 0;
        var days = input.Days ?? (condition == AlertCondition.Change ? 7 : 1);
        switch (condition)
        {
            case AlertCondition.Threshold when input.Value is null || !double.IsFinite(value):
                return "value is missing; give the threshold in the metric's unit (money in its currency, minutes, a fraction for rates: 0.05 = 5 %)";
            case AlertCondition.Threshold when days is < 1 or > 30:
                return $"days is {days}; a threshold holds for 1 to 30 days in a row";
            case AlertCondition.Change when input.Value is null || !double.IsFinite(value) || value <= 0 || value > 10_000:
                return "value is the change in percent that fires the rule; give a number above 0 and at most 10000 (25 = 25 %)";
            case AlertCondition.Change when days is < 1 or > 90:
                return $"days is {days}; a change compares windows of 1 to 90 days";
        }

        var sensitivity = AlertSensitivity.Medium;
        if (!string.IsNullOrWhiteSpace(input.Sensitivity))
        {
            if (Parse<AlertSensitivity>(input.Sensitivity) is not { } s) return $"unknown sensitivity '{input.Sensitivity}'; valid: low, medium, high";
            sensitivity = s;
        }

        var recipients = (input.EmailRecipients ?? []).Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (recipients.Count > MaxRecipients) return $"{recipients.Count} email recipients; at most {MaxRecipients}";
        if (recipients.FirstOrDefault(r => !MailboxAddress.TryParse(r, out var box) || !box.Address.Contains('@')) is { } bad)
            return $"'{bad}' is not an email address";

        string? webhook = null;
        if (!string.IsNullOrWhiteSpace(input.WebhookUrl))
        {
            var (url, problem) = UrlGuard.Parse(input.WebhookUrl);
            if (problem is not null) return $"webhookUrl: {problem}";
            webhook = url!.ToString();
        }
        var format = WebhookFormat.Slack;
        if (!string.IsNullOrWhiteSpace(input.WebhookFormat))
        {
            if (Parse<WebhookFormat>(input.WebhookFormat) is not { } f) return $"unknown webhookFormat '{input.WebhookFormat}'; valid: slack, teams, json";
            format = f;
        }
        var bell = input.NotifyBell ?? true;
        if (!bell && recipients.Count == 0 && webhook is null) return "the rule would tell no one; keep the bell, add an email recipient or a webhook";

        rule.Name = name;
        rule.Metric = metric.Key;
        rule.Condition = condition;
        rule.Direction = direction;
        rule.Value = condition == AlertCondition.Anomaly ? 0 : value;
        rule.Days = condition == AlertCondition.Anomaly ? 1 : days;
        rule.Sensitivity = sensitivity;
        rule.NotifyBell = bell;
        rule.EmailRecipients = recipients;
        rule.WebhookUrl = webhook;
        rule.WebhookFormat = format;
        return null;
    }

    private static T? Parse<T>(string? text) where T : struct, Enum =>
        Enum.TryParse<T>(text?.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _) ? value : null;

    /// <summary>The rule in words: "Above 90.00 for 3 days in a row", "Falls 25 % or more over 7 days", "Unusual (medium)".</summary>
    public static string Describe(AlertRule rule)
    {
        var metric = MetricCatalogue.Find(rule.Metric);
        var value = metric is null ? rule.Value.ToString(CultureInfo.InvariantCulture) : AlertEvaluator.Format(metric, rule.Value, "").TrimEnd();
        return rule.Condition switch
        {
            AlertCondition.Threshold => $"{(rule.Direction == AlertDirection.Below ? "Below" : "Above")} {value}" + (rule.Days > 1 ? $" for {rule.Days} days in a row" : " on a day"),
            AlertCondition.Change => $"{rule.Direction switch { AlertDirection.Above => "Rises", AlertDirection.Below => "Falls", _ => "Moves" }} {rule.Value:0.#} % or more over {rule.Days} day{(rule.Days == 1 ? "" : "s")} against the {rule.Days} before",
            _ => $"{rule.Direction switch { AlertDirection.Above => "Unusually high", AlertDirection.Below => "Unusually low", _ => "Unusual" }} for the weekday ({rule.Sensitivity.ToString().ToLowerInvariant()} sensitivity)",
        };
    }

    private AlertRuleView View(AlertRule rule, AlertFiring? last)
    {
        var metric = MetricCatalogue.Find(rule.Metric);
        return new AlertRuleView(rule.Id, rule.Name, rule.Metric, metric is null ? rule.Metric : AlertEvaluator.Name(metric), metric?.Format ?? Metrics.Dashboard.KpiFormat.Number,
            rule.Condition, rule.Direction, rule.Value, rule.Days, rule.Sensitivity, Describe(rule), rule.NotifyBell, rule.EmailRecipients,
            workspace.IsAdmin ? rule.WebhookUrl : null, rule.WebhookFormat, rule.WebhookUrl is not null, rule.Muted, rule.SnoozedUntil, rule.CreatedAt,
            last is null ? null : FiringView(last, rule.Name));
    }

    private static AlertFiringView FiringView(AlertFiring f, string ruleName) =>
        new(f.Id, f.RuleId, ruleName, f.Day, f.Value, f.ExpectedLow, f.ExpectedHigh, f.Message, f.FiredAt, f.DeliveryError);

    private static WorkResult NotFound(Guid id) => WorkResult.NotFound($"no alert rule {id} in this workspace");
}
