using Microsoft.Data.Sqlite;
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
    /// <param name="contentRoot">Folder a relative SQLite path is resolved against (the app's content root), so the database does not move with the working directory.</param>
    public static IServiceCollection AddWorkPipelinesDomain(this IServiceCollection services, IConfiguration configuration, string? contentRoot = null) =>
        services
            .AddWorkDatabase(configuration, contentRoot)
            .AddWorkspaces(configuration);

    public static IServiceCollection AddWorkDatabase(this IServiceCollection services, IConfiguration configuration, string? contentRoot = null)
    {
        var sqlite = new SqliteConnectionStringBuilder(configuration.GetConnectionString("Work") ?? "Data Source=App_Data/workpipelines.db");
        if (contentRoot is not null && sqlite.DataSource is { Length: > 0 } file && file != ":memory:" && !Path.IsPathRooted(file))
            sqlite.DataSource = Path.Combine(contentRoot, file);
        var connectionString = sqlite.ToString();
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
