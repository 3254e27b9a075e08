using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Workspaces;

/// <summary>Finds the workspace a signed-in user acts in and fills <see cref="CurrentWorkspace"/>.</summary>
public sealed class WorkspaceResolver(WorkDbContext db, CurrentWorkspace current, WorkspaceProvisioner provisioner)
{
    /// <summary>
    /// Uses <paramref name="requestedWorkspaceId"/> when given (it must be one of the user's),
    /// else the user's last choice, else their oldest membership. A user left with no workspace
    /// (removed from all of them) gets a new personal one, so a signed-in user always has a home.
    /// </summary>
    /// <returns>null when the user does not exist or is not a member of the requested workspace.</returns>
    public async Task<WorkspaceSummary?> ResolveAsync(string userId, Guid? requestedWorkspaceId = null, CancellationToken cancellationToken = default)
    {
        // Every API call comes through here: the memberships and the user's last choice in one read.
        var rows = await db.Memberships.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.JoinedAt)
            .Select(m => new { Summary = new WorkspaceSummary(m.WorkspaceId, m.Workspace!.Name, m.Role, m.Workspace.IsSample), m.User!.CurrentWorkspaceId })
            .ToListAsync(cancellationToken);
        var memberships = rows.Select(r => r.Summary).ToList();
        var currentWorkspaceId = rows.FirstOrDefault()?.CurrentWorkspaceId;
        if (memberships.Count == 0)
        {
            var user = await db.Users.AsNoTracking()
                .Where(u => u.Id == userId)
                .Select(u => new { u.CurrentWorkspaceId, u.Email, u.DisplayName })
                .SingleOrDefaultAsync(cancellationToken);
            if (user is null) return null;
            await provisioner.CreatePersonalWorkspaceAsync(userId, user.DisplayName ?? user.Email ?? "My", cancellationToken);
            memberships = await MembershipsOfAsync(userId, cancellationToken);
            currentWorkspaceId = user.CurrentWorkspaceId;
        }

        var chosen = requestedWorkspaceId is { } requested
            ? memberships.FirstOrDefault(m => m.WorkspaceId == requested)
            : memberships.FirstOrDefault(m => m.WorkspaceId == currentWorkspaceId) ?? memberships[0];
        if (chosen is null) return null;

        current.Set(chosen.WorkspaceId, chosen.WorkspaceName, userId, chosen.Role, chosen.IsSample);
        return chosen;
    }

    /// <summary>The user's workspaces, oldest membership first.</summary>
    public Task<List<WorkspaceSummary>> MembershipsOfAsync(string userId, CancellationToken cancellationToken = default) =>
        db.Memberships.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.JoinedAt)
            .Select(m => new WorkspaceSummary(m.WorkspaceId, m.Workspace!.Name, m.Role, m.Workspace.IsSample))
            .ToListAsync(cancellationToken);

    /// <summary>Remembers <paramref name="workspaceId"/> as the user's workspace; NotFound when they are not a member.</summary>
    public async Task<WorkResult> SwitchAsync(string userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        var isMember = await db.Memberships.IgnoreQueryFilters()
            .AnyAsync(m => m.UserId == userId && m.WorkspaceId == workspaceId, cancellationToken);
        if (!isMember) return WorkResult.NotFound($"Workspace {workspaceId} was not found among your workspaces.");

        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.CurrentWorkspaceId, workspaceId), cancellationToken);
        return WorkResult.Ok;
    }
}

/// <param name="IsSample">The workspace holds sample data (see <see cref="Workspace.IsSample"/>).</param>
public sealed record WorkspaceSummary(Guid WorkspaceId, string WorkspaceName, WorkspaceRole Role, bool IsSample = false);
