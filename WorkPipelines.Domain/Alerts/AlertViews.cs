using WorkPipelines.Domain.Metrics.Dashboard;

namespace WorkPipelines.Domain.Alerts;

/// <summary>
/// A rule as a person or the API writes it. Words are case-insensitive: condition threshold | change | anomaly; direction
/// above | below | either; sensitivity low | medium | high; webhookFormat slack | teams | json.
/// </summary>
public sealed record AlertRuleInput(
    string? Name, string? Metric, string? Condition, string? Direction = null, double? Value = null, int? Days = null, string? Sensitivity = null,
    bool? NotifyBell = null, IReadOnlyList<string>? EmailRecipients = null, string? WebhookUrl = null, string? WebhookFormat = null);

/// <summary>A rule, with what it watches in words and its latest firing.</summary>
/// <param name="WebhookUrl">The webhook's address; only admins see it (it is a secret: anyone holding it can post).</param>
public sealed record AlertRuleView(
    Guid Id, string Name, string Metric, string MetricLabel, KpiFormat Format, AlertCondition Condition, AlertDirection Direction, double Value, int Days,
    AlertSensitivity Sensitivity, string Description, bool NotifyBell, IReadOnlyList<string> EmailRecipients, string? WebhookUrl, WebhookFormat WebhookFormat,
    bool HasWebhook, bool Muted, DateTimeOffset? SnoozedUntil, DateTimeOffset CreatedAt, AlertFiringView? LastFiring);

/// <summary>A rule that fired for a day, and whether every channel took it.</summary>
public sealed record AlertFiringView(
    Guid Id, Guid RuleId, string RuleName, DateOnly Day, double? Value, double? ExpectedLow, double? ExpectedHigh, string Message, DateTimeOffset FiredAt, string? DeliveryError);

/// <summary>Mute (until unmuted) or snooze (until an instant) a rule; both null clears them.</summary>
public sealed record AlertSilenceInput(bool? Muted = null, DateTimeOffset? SnoozedUntil = null);

/// <summary>What a test send reached: null problem when every channel took it.</summary>
public sealed record AlertTestResult(IReadOnlyList<string> Channels, string? Problem);
