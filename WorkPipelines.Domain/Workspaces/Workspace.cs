namespace WorkPipelines.Domain.Workspaces;

public class Workspace
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }

    /// <summary>IANA time zone used for dates on dashboards and reports.</summary>
    public string TimeZone { get; set; } = "UTC";

    public string Currency { get; set; } = "USD";
    public DateTimeOffset CreatedAt { get; init; }
    public List<Membership> Memberships { get; init; } = [];
}
