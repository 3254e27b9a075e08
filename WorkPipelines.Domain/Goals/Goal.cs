using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Goals;

/// <summary>How long a goal's period is: calendar months or quarters in the workspace's time zone.</summary>
public enum GoalCadence { Month, Quarter }

/// <summary>Whether the metric should reach the target (revenue) or stay under it (CAC, first-reply time).</summary>
public enum GoalDirection { AtLeast, AtMost }

/// <summary>
/// A target an admin sets for one dashboard metric (<see cref="Metrics.MetricCatalogue"/>) per month or quarter. Progress and
/// history are computed from the daily metrics each time they are read, not stored: a sync that rewrites history rewrites them.
/// </summary>
public class Goal : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }

    /// <summary>A key of <see cref="Metrics.MetricCatalogue"/>: "revenue", "traffic.sessions", "support.first_reply" …</summary>
    public required string Metric { get; set; }

    /// <summary>In the metric's unit: money in <see cref="Currency"/>, minutes for times, a fraction for rates (0.05 = 5 %).</summary>
    public double Target { get; set; }
    public GoalCadence Cadence { get; set; }
    public GoalDirection Direction { get; set; }

    /// <summary>The workspace's currency when the goal was set, for money metrics; null for counts, rates and times.</summary>
    public string? Currency { get; set; }
    public string? CreatedByUserId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
