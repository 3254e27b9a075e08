using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace WorkPipelines.Domain.Metrics.Dashboard;

public static class DashboardSetup
{
    /// <summary>The dashboard: the period resolver (also used by agents and reports), panel queries over the daily metrics, the aggregate of every panel and its timeout.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<PeriodResolver>();
        services.AddScoped<DashboardQueries>();
        services.AddScoped<DashboardAggregator>();
        services.AddOptions<DashboardOptions>()
            .Bind(configuration.GetSection(DashboardOptions.Section))
            .Validate(o => o.PanelTimeout > TimeSpan.Zero, "Dashboard:PanelTimeout must be positive")
            .ValidateOnStart();
        return services;
    }
}
