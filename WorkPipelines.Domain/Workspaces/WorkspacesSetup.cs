using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace WorkPipelines.Domain.Workspaces;

public static class WorkspacesSetup
{
    /// <summary>Workspaces, their members and settings, and the current workspace of a request or run.</summary>
    public static IServiceCollection AddWorkspaces(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CurrentWorkspace>();
        services.AddScoped<WorkspaceResolver>();
        services.AddScoped<WorkspaceProvisioner>();
        services.AddScoped<WorkspaceMembers>();
        services.AddScoped<WorkspaceSettings>();
        services.AddScoped<SampleWorkspaces>();
        services.AddScoped<GettingStarted>();
        return services;
    }
}
