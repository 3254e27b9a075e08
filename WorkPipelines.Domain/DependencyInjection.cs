using Coravel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Alerts;
using WorkPipelines.Domain.Annotations;
using WorkPipelines.Domain.Agents;
using WorkPipelines.Domain.BrandAnalysis;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Digests;
using WorkPipelines.Domain.Goals;
using WorkPipelines.Domain.Identity;
using WorkPipelines.Domain.Mail;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Domain.Notifications;
using WorkPipelines.Domain.Outbound;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Reports;
using WorkPipelines.Domain.Seeding;
using WorkPipelines.Domain.Sharing;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain;

public static class DependencyInjection
{
    /// <summary>Everything the domain needs: the database and one registration per area (each in its area's <c>XSetup.cs</c>).</summary>
    /// <param name="contentRoot">Folder a relative SQLite path is resolved against (the app's content root), so the database does not move with the working directory.</param>
    public static IServiceCollection AddWorkPipelinesDomain(this IServiceCollection services, IConfiguration configuration, string? contentRoot = null)
    {
        services.AddSingleton(TimeProvider.System);
        return services
            .AddWorkDatabase(configuration, contentRoot)
            .AddWorkspaces(configuration)
            .AddUserPreferences(configuration)
            .AddActivity(configuration)
            .AddNotifications(configuration)
            .AddMail(configuration)
            .AddPipelines(configuration)
            .AddOutboundPolicy(configuration)
            .AddConnectors(configuration)
            .AddDashboard(configuration)
            .AddGoals(configuration)
            .AddAnnotations(configuration)
            .AddSharing(configuration)
            .AddReports(configuration)
            .AddAlerts(configuration)
            .AddDigests(configuration)
            .AddBrandAnalysis(configuration)
            .AddAgents(configuration)
            .AddSeeding(configuration);
    }

    /// <summary>Schedules the engine's recurring work on Coravel's scheduler (call once, after Build).</summary>
    public static IServiceProvider UsePipelines(this IServiceProvider services)
    {
        var sweepSeconds = services.GetRequiredService<IOptions<PipelineOptions>>().Value.SweepIntervalSeconds;
        // Every recurring job of the product is declared here.
        services.UseScheduler(scheduler =>
            {
                scheduler.Schedule<SweepExpiredLeases>().EverySeconds(sweepSeconds).PreventOverlapping(nameof(SweepExpiredLeases));
                scheduler.Schedule<Connectors.Sync.ScheduleDueSyncs>().EveryMinute().PreventOverlapping(nameof(Connectors.Sync.ScheduleDueSyncs));
                scheduler.Schedule<Reports.Schedules.ScheduleDueReports>().EveryMinute().PreventOverlapping(nameof(Reports.Schedules.ScheduleDueReports));
                scheduler.Schedule<ScheduleAlertEvaluations>().Hourly().PreventOverlapping(nameof(ScheduleAlertEvaluations));
                scheduler.Schedule<ScheduleDueDigests>().EveryMinute().PreventOverlapping(nameof(ScheduleDueDigests));
            })
            .OnError(ex => services.GetRequiredService<ILoggerFactory>().CreateLogger(nameof(SweepExpiredLeases))
                .LogError(ex, "A scheduled task failed"));
        return services;
    }
}
