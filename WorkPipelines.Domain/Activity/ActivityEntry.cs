using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Activity;

/// <summary>One thing a person did in a workspace: who, what, to what, when.</summary>
public class ActivityEntry : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public string? ActorUserId { get; init; }
    public required string ActorName { get; init; }
    public required string Action { get; init; }
    public string? Target { get; init; }

    /// <summary>Address the action came from (web and API actions); null for background work.</summary>
    public string? IpAddress { get; init; }
    public DateTimeOffset At { get; init; }
}
