using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Seeding;

/// <summary>
/// Connects the demo workspace to every provider's sandbox and starts their first syncs, so a new
/// user sees real numbers flowing through the real pipeline. Needs the app listening: the sandbox
/// is reached over HTTP like any provider.
/// </summary>
public static class DemoSources
{
    /// <returns>True when it connected the sources now (the demo's first run), false when there was nothing to do.</returns>
    public static async Task<bool> ConnectDemoSourcesAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<DemoOptions>>().Value;
        if (!options.ConnectSandboxes) return false;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoSources));

        await using var lookup = services.CreateAsyncScope();
        var db = lookup.ServiceProvider.GetRequiredService<WorkDbContext>();
        var demo = await db.Users.Where(u => u.Email == options.Email).Select(u => new { u.Id, u.CurrentWorkspaceId }).FirstOrDefaultAsync(cancellationToken);
        if (demo?.CurrentWorkspaceId is not { } workspaceId) return false;
        if (await db.Connections.IgnoreQueryFilters().AnyAsync(c => c.WorkspaceId == workspaceId, cancellationToken)) return false;

        foreach (var provider in ProviderCatalog.All)
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspaceId, options.WorkspaceName, demo.Id, WorkspaceRole.Admin);
            var connections = scope.ServiceProvider.GetRequiredService<ConnectionService>();
            if (scope.ServiceProvider.GetRequiredService<ConnectorRegistry>().Find(provider.Key) is null) continue;
            var (result, _) = await connections.ConnectAsync(
                new ConnectRequest(provider.Key, UseSandbox: true, Schedule: SyncSchedule.Hourly, SandboxHistoryDays: options.SandboxHistoryDays), cancellationToken);
            if (result.Succeeded) logger.LogInformation("Demo workspace connected to the {Provider} sandbox; first sync queued", provider.Title);
            else logger.LogWarning("Demo workspace could not connect the {Provider} sandbox: {Reason}", provider.Title, result.Message);
        }
        return true;
    }
}
