using System.Security.Claims;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Web.Api;

/// <summary>
/// Puts the caller's workspace into <see cref="CurrentWorkspace"/> before any /api/work handler
/// runs. Scripts may pick a workspace per request with the <c>X-Workspace-Id</c> header; one
/// the caller does not belong to answers 404, like any other workspace's id.
/// </summary>
internal sealed class WorkspaceEndpointFilter(WorkspaceResolver resolver, RequestOrigin origin) : IEndpointFilter
{
    public const string Header = "X-Workspace-Id";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in first.");

        Guid? requested = null;
        if (http.Request.Headers.TryGetValue(Header, out var raw))
        {
            if (!Guid.TryParse(raw, out var id))
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Header {Header} must be a workspace id (a GUID); got '{raw}'.");
            requested = id;
        }

        if (await resolver.ResolveAsync(userId, requested, http.RequestAborted) is null)
            return requested is null
                ? TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Your account no longer exists.")
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Workspace {requested} was not found among your workspaces.");

        origin.IpAddress = http.Connection.RemoteIpAddress?.ToString();
        return await next(context);
    }
}
