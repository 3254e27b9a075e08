using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Identity;
using WorkPipelines.Domain.Notifications;
using WorkPipelines.Domain.Seeding;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain;

public static class DependencyInjection
{
    /// <summary>Everything the domain needs: the database, workspaces, notifications and activity.</summary>
    public static IServiceCollection AddWorkPipelinesDomain(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddWorkDatabase(configuration)
            .AddWorkspaces(configuration);

    public static IServiceCollection AddWorkDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Work") ?? "Data Source=App_Data/workpipelines.db";
        services.AddDbContext<WorkDbContext>(options => options.UseSqlite(connectionString));
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static IServiceCollection AddWorkspaces(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section));
        services.AddScoped<CurrentWorkspace>();
        services.AddScoped<WorkspaceResolver>();
        services.AddScoped<WorkspaceProvisioner>();
        services.AddScoped<WorkspaceMembers>();
        services.AddScoped<NotificationInbox>();
        services.AddScoped<ActivityLog>();
        services.AddScoped<ActivityFeed>();
        services.AddScoped<UserPreferences>();
        return services;
    }
}
