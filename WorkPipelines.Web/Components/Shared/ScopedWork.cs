using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Web.Components.Shared;

/// <summary>
/// Runs one UI operation in its own DI scope (so its own DbContext). A circuit lives for hours
/// and components load in parallel; one shared DbContext would fail with concurrent use.
/// The membership is checked again for every operation, so an event handler never acts on a
/// role the user lost since the page opened: removed users see nothing, demoted admins get 403s.
/// </summary>
public sealed class ScopedWork(IServiceScopeFactory scopes, CurrentWorkspace circuitWorkspace, RequestOrigin circuitOrigin,
    Features.Sharing.ShareVisit shareVisit)
{
    public async Task<TResult> RunAsync<TService, TResult>(Func<TService, Task<TResult>> operation) where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestOrigin>().IpAddress = circuitOrigin.IpAddress;
        if (circuitWorkspace is { IsResolved: true, UserId: { } userId })
        {
            // Fills the scope's CurrentWorkspace only while the user is still a member; otherwise it stays empty and every query fails closed.
            await scope.ServiceProvider.GetRequiredService<WorkspaceResolver>().ResolveAsync(userId, circuitWorkspace.WorkspaceId);
        }
        else if (shareVisit.Token is { } token)
        {
            // A share link's page (no one signed in): the scope enters the link's workspace as a reader only while the link is
            // still valid, checked again for every operation; a revoked or expired link leaves it empty, so queries find nothing.
            await scope.ServiceProvider.GetRequiredService<Domain.Sharing.ShareOpener>().EnterAsync(token, scope.ServiceProvider.GetRequiredService<CurrentWorkspace>());
        }
        return await operation(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public Task RunAsync<TService>(Func<TService, Task> operation) where TService : notnull =>
        RunAsync<TService, bool>(async service => { await operation(service); return true; });
}
