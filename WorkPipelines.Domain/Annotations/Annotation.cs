using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Annotations;

/// <summary>Who or what wrote an annotation: a person, or the app when something happened to a source.</summary>
public enum AnnotationKind { User, Connected, Reconnected, HistoryChanged }

/// <summary>
/// A note on the charts' time line: a day (or a range of days) with a short text, on one panel or on all of them. People add
/// them ("Spring sale started"); the app adds automatic ones when a source is connected or a sync rewrites earlier days.
/// </summary>
public class Annotation : ITenantOwned
{
    public const int MaxText = 200;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }

    /// <summary>The day it is about, in the workspace's time zone.</summary>
    public DateOnly Date { get; set; }

    /// <summary>The last day of a range (a band on the chart); null for one day.</summary>
    public DateOnly? EndDate { get; set; }

    public required string Text { get; set; }

    /// <summary>A key of <see cref="Metrics.Dashboard.PanelDefinitions"/>; null: every panel.</summary>
    public string? Panel { get; set; }

    /// <summary>The provider an automatic annotation is about ("stripe"): it shows on every panel that provider feeds. Null for people's.</summary>
    public string? Source { get; init; }

    public AnnotationKind Kind { get; init; }

    /// <summary>
    /// What happened, for automatic ones ("connected:{connection}:{day}", "history:{run}"): unique per workspace, so the same event
    /// written twice (a retried run, two instances) stays one annotation. Null for people's annotations.
    /// </summary>
    public string? EventKey { get; init; }

    public string? CreatedByUserId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>When an automatic annotation was hidden; it is kept (not deleted) so its event cannot bring it back.</summary>
    public DateTimeOffset? DismissedAt { get; set; }
    public string? DismissedByUserId { get; set; }

    public bool Automatic => Kind != AnnotationKind.User;
}
