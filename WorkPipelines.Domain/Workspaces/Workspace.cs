namespace WorkPipelines.Domain.Workspaces;

public class Workspace
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }

    /// <summary>IANA time zone used for dates on dashboards and reports.</summary>
    public string TimeZone { get; set; } = "UTC";

    public string Currency { get; set; } = "USD";
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// A workspace of sandbox data made by "Explore with sample data" (<see cref="SampleWorkspaces"/>): marked so on every
    /// page, and the only kind of workspace its admins can remove with everything in it.
    /// </summary>
    public bool IsSample { get; init; }

    /// <summary>When an admin put away the dashboard's "Get started" checklist; null while it shows.</summary>
    public DateTimeOffset? GettingStartedDismissedAt { get; set; }
    public List<Membership> Memberships { get; init; } = [];
}
