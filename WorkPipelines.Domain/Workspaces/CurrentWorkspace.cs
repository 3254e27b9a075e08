namespace WorkPipelines.Domain.Workspaces;

/// <summary>
/// The workspace a scope (HTTP request, Blazor circuit or background run) acts in.
/// Scoped; set once by the request filter, the layout, or the run executor. Until it is set
/// every tenant query returns nothing: the filter fails closed.
/// </summary>
public sealed class CurrentWorkspace
{
    public Guid WorkspaceId { get; private set; }
    public string WorkspaceName { get; private set; } = "";
    public string? UserId { get; private set; }
    public WorkspaceRole Role { get; private set; }

    /// <summary>The workspace holds sample (sandbox) data; see <see cref="Workspace.IsSample"/>.</summary>
    public bool IsSample { get; private set; }

    public bool IsResolved => WorkspaceId != Guid.Empty;
    public bool IsAdmin => IsResolved && Role == WorkspaceRole.Admin;

    public void Set(Guid workspaceId, string workspaceName, string? userId, WorkspaceRole role, bool isSample = false)
    {
        IsSample = isSample;
        WorkspaceId = workspaceId;
        WorkspaceName = workspaceName;
        UserId = userId;
        Role = role;
    }
}
