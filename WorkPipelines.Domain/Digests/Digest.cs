using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Digests;

public enum DigestCadence { Daily, Weekly }

/// <summary>One person's scorecard in one workspace: which numbers, how often, at what local hour, by email and/or Slack.</summary>
public class Digest : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public required string UserId { get; init; }
    public DigestCadence Cadence { get; set; } = DigestCadence.Weekly;

    /// <summary>Local hour (0-23) in the workspace's time zone.</summary>
    public int Hour { get; set; } = 8;

    /// <summary>The weekday of a weekly digest.</summary>
    public DayOfWeek DayOfWeek { get; set; } = DayOfWeek.Monday;

    /// <summary>Metric keys of the goals' catalogue (<see cref="Metrics.MetricCatalogue"/>), in the order shown.</summary>
    public List<string> Metrics { get; set; } = [];
    public bool ByEmail { get; set; } = true;

    /// <summary>A Slack incoming webhook the digest is posted to as well (a secret: only its owner reads it back).</summary>
    public string? SlackWebhookUrl { get; set; }

    /// <summary>When it is due next (UTC); the tick claims it by moving this on, in the same transaction as the run.</summary>
    public DateTimeOffset NextDueUtc { get; set; }
    public DateTimeOffset? LastSentAt { get; set; }
    public string? LastError { get; set; }
}
