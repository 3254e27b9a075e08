using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Reports;

public enum ReportType { Executive, Revenue, Marketing, Support, PipelineHealth }

public enum ReportStatus { Generating, Ready, Failed }

/// <summary>
/// A report asked for by someone in a workspace: its type and the frozen date range it covers, and
/// once the <see cref="GenerateReport"/> run is done, the built <see cref="ReportModel"/> as JSON.
/// </summary>
public class Report : ITenantOwned
{
    /// <summary>A report about to be generated for <paramref name="period"/>, asked for by <paramref name="requestedBy"/>.</summary>
    public static Report Generating(Guid workspaceId, ReportType type, Metrics.Period period, string? requestedBy, DateTimeOffset now) => new()
    {
        WorkspaceId = workspaceId,
        Type = type,
        PeriodKey = period.Key,
        From = period.From,
        To = period.To,
        CompareFrom = period.CompareFrom,
        CompareTo = period.CompareTo,
        Status = ReportStatus.Generating,
        RequestedByUserId = requestedBy,
        CreatedAt = now,
    };

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public ReportType Type { get; init; }

    /// <summary>The period key it was asked for (7d, 30d, custom…); From/To are the resolved days.</summary>
    public required string PeriodKey { get; init; }
    public DateOnly From { get; init; }
    public DateOnly To { get; init; }
    public DateOnly CompareFrom { get; init; }
    public DateOnly CompareTo { get; init; }
    public ReportStatus Status { get; set; }
    public string? RequestedByUserId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
    public Guid? RunId { get; set; }

    /// <summary>The built <see cref="ReportModel"/> (see <see cref="ReportJson"/>); null until Ready.</summary>
    public string? ModelJson { get; set; }
    public long SizeBytes { get; set; }

    /// <summary>Why generation failed, for people.</summary>
    public string? Error { get; set; }
}
