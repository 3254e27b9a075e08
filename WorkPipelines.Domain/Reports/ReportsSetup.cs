using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Reports.Schedules;

namespace WorkPipelines.Domain.Reports;

public static class ReportsSetup
{
    /// <summary>Reports: the <c>reports.generate</c> kind, the service pages and API use, schedules, their due-reports tick and delivery by email (SMTP).</summary>
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ReportService>();
        services.AddScoped<ReportScheduleService>();
        services.AddScoped<ReportDelivery>();
        services.AddTransient<ScheduleDueReports>();
        services.AddPipelineKind<GenerateReport>();
        return services;
    }
}
