using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Web.Api;

namespace WorkPipelines.Web.Realtime;

/// <summary>
/// <c>/hubs/work</c>: pushes run events to scripts and other clients. A connection joins its
/// user's group and the group of the workspace it acts in (the user's current one, or the one
/// named by <c>?workspace=</c>, which must be theirs); it never hears another workspace.
/// </summary>
[Authorize(Policy = WorkApi.Policy)]
public sealed class WorkHub(WorkspaceResolver resolver) : Hub
{
    public const string Path = "/hubs/work";
    public const string RunEventMethod = "runEvent";

    public static string WorkspaceGroup(Guid workspaceId) => $"workspace:{workspaceId}";
    public static string UserGroup(string userId) => $"user:{userId}";

    public override async Task OnConnectedAsync()
    {
        var userId = Context.User?.FindFirstValue(ClaimTypes.NameIdentifier);
        var requested = Guid.TryParse(Context.GetHttpContext()?.Request.Query["workspace"], out var id) ? id : (Guid?)null;
        var workspace = userId is null ? null : await resolver.ResolveAsync(userId, requested, Context.ConnectionAborted);
        if (workspace is null)
        {
            Context.Abort();
            return;
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, WorkspaceGroup(workspace.WorkspaceId), Context.ConnectionAborted);
        await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(userId!), Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }
}
