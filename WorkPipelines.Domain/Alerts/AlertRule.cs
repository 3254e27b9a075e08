using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Alerts;

/// <summary>What makes a rule fire.</summary>
public enum AlertCondition
{
    /// <summary>The metric is above (or below) a value on each of the last N days.</summary>
    Threshold,
    /// <summary>The metric over the last N days changed by at least a percentage against the N days before.</summary>
    Change,
    /// <summary>The day's value is outside the range the same weekday of the last weeks makes expected.</summary>
    Anomaly,
}

public enum AlertDirection { Above, Below, Either }

/// <summary>How far from the usual a value must be to count as unusual (see <see cref="AnomalyDetector"/>).</summary>
public enum AlertSensitivity { Low, Medium, High }

/// <summary>How a webhook's body is shaped.</summary>
public enum WebhookFormat { Slack, Teams, Json }

/// <summary>A rule on one dashboard metric, evaluated once per day and rule (see <see cref="AlertEvaluator"/>).</summary>
public class AlertRule : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public required string Name { get; set; }

    /// <summary>The dashboard number, keyed as goals key it (<c>cac</c>, <c>traffic.sessions</c>); see <see cref="Metrics.MetricCatalogue"/>.</summary>
    public required string Metric { get; set; }
    public AlertCondition Condition { get; set; }
    public AlertDirection Direction { get; set; }

    /// <summary>Threshold: the value; Change: the percentage (20 = 20 %).</summary>
    public double Value { get; set; }

    /// <summary>Threshold: days in a row; Change: the window's length in days.</summary>
    public int Days { get; set; } = 1;
    public AlertSensitivity Sensitivity { get; set; } = AlertSensitivity.Medium;

    public bool NotifyBell { get; set; } = true;
    public List<string> EmailRecipients { get; set; } = [];
    public string? WebhookUrl { get; set; }
    public WebhookFormat WebhookFormat { get; set; } = WebhookFormat.Slack;

    /// <summary>Muted rules are not evaluated until unmuted.</summary>
    public bool Muted { get; set; }

    /// <summary>Snoozed: not evaluated before this instant.</summary>
    public DateTimeOffset? SnoozedUntil { get; set; }

    public string? CreatedByUserId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
