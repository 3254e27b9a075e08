using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Alerts;

/// <summary>
/// A rule that fired for one day. The unique (RuleId, Day) index makes the evaluation exactly once: whichever
/// evaluation (after a sync, on the schedule, on another instance) inserts the row delivers it; the others find it there.
/// </summary>
public class AlertFiring : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Guid RuleId { get; init; }

    /// <summary>The day evaluated, in the workspace's time zone.</summary>
    public DateOnly Day { get; init; }
    public double? Value { get; init; }

    /// <summary>Anomaly: the range the baseline made expected.</summary>
    public double? ExpectedLow { get; init; }
    public double? ExpectedHigh { get; init; }

    /// <summary>What happened, in words ("CAC was above $90.00 on each of the last 3 days: $95.10 yesterday").</summary>
    public required string Message { get; init; }
    public DateTimeOffset FiredAt { get; init; }

    /// <summary>Channels that could not be reached, with why; null when every channel took it.</summary>
    public string? DeliveryError { get; set; }
}
