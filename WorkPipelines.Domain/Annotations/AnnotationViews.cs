namespace WorkPipelines.Domain.Annotations;

/// <summary>
/// An annotation as people write it. text: 1-200 characters; date: the day (yyyy-MM-dd); endDate: the last day of a range (optional,
/// on or after date, at most a year later); panel: a dashboard panel key (revenue, traffic, ads, social, email, support) or empty/"all"
/// for every panel.
/// </summary>
public sealed record AnnotationInput(string? Text, DateOnly? Date, DateOnly? EndDate = null, string? Panel = null);

/// <summary>An annotation as lists, charts and the API show it.</summary>
/// <param name="Panel">The panel key; null for every panel (or, with a source, the panels it feeds).</param>
/// <param name="Source">The provider an automatic annotation is about; null for people's.</param>
/// <param name="CanChange">Whether the person asking may change it (a person's own, or any as an admin) or dismiss it (automatic ones: admins).</param>
public sealed record AnnotationView(Guid Id, DateOnly Date, DateOnly? EndDate, string Text, string? Panel, string? Source, string PanelTitle,
    AnnotationKind Kind, bool Automatic, string? CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? DismissedAt, bool CanChange);
