namespace WorkPipelines.Domain.Data;

/// <summary>
/// A row that belongs to one workspace. <see cref="WorkDbContext"/> adds a global query filter
/// for every entity implementing this, so other workspaces' rows are invisible (and answer 404).
/// </summary>
public interface ITenantOwned
{
    Guid WorkspaceId { get; }
}
