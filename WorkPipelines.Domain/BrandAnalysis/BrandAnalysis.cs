using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.BrandAnalysis;

public enum BrandAnalysisStatus { Running, Ready, Failed }

/// <summary>
/// One analysis of a site asked for by someone in a workspace; once the <see cref="AnalyzeBrand"/> run is done,
/// the <see cref="BrandProfile"/> as JSON, or why it failed.
/// </summary>
public class BrandAnalysis : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }

    /// <summary>The URL as checked (scheme added, normalised by System.Uri).</summary>
    public required string Url { get; init; }

    /// <summary>The host without "www.", lower-case: runs of one site are listed and compared together.</summary>
    public required string SiteHost { get; init; }
    public BrandAnalysisStatus Status { get; set; }
    public string? RequestedByUserId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
    public Guid? RunId { get; set; }
    public int PagesAnalyzed { get; set; }

    /// <summary>The <see cref="BrandProfile"/> (see <see cref="BrandJson"/>); null until Ready.</summary>
    public string? ProfileJson { get; set; }

    /// <summary>Why the analysis failed, for people.</summary>
    public string? Error { get; set; }
}
