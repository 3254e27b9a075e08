using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Workspaces;

/// <summary>Creates a workspace with its first admin.</summary>
public sealed class WorkspaceProvisioner(WorkDbContext db, TimeProvider time)
{
    public async Task<Workspace> CreatePersonalWorkspaceAsync(string userId, string ownerName, CancellationToken cancellationToken = default)
    {
        var workspace = AddWorkspace(userId, PersonalName(ownerName));
        await db.SaveChangesAsync(cancellationToken);
        return workspace;
    }

    /// <summary>Adds the workspace and admin membership to the unit of work without saving.</summary>
    public Workspace AddWorkspace(string adminUserId, string name, bool isSample = false)
    {
        var now = time.GetUtcNow();
        var workspace = new Workspace { Name = name, CreatedAt = now, IsSample = isSample };
        workspace.Memberships.Add(new Membership
        {
            WorkspaceId = workspace.Id,
            UserId = adminUserId,
            Role = WorkspaceRole.Admin,
            JoinedAt = now,
        });
        db.Workspaces.Add(workspace);
        return workspace;
    }

    internal static string PersonalName(string ownerName)
    {
        var name = ownerName.Contains('@') ? ownerName[..ownerName.IndexOf('@')] : ownerName;
        var title = $"{name}'s workspace";
        return title.Length <= 100 ? title : title[..100];
    }
}
