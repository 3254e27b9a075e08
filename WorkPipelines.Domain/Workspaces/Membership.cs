using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Identity;

namespace WorkPipelines.Domain.Workspaces;

public class Membership : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Workspace? Workspace { get; init; }
    public required string UserId { get; init; }
    public AppUser? User { get; init; }
    public WorkspaceRole Role { get; set; }
    public DateTimeOffset JoinedAt { get; init; }
}
