using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace WorkPipelines.Domain.Metrics.Dashboard;

public static class DashboardSetup
{
    /// <summary>The dashboard: the period resolver (also used by agents and reports), panel queries over the daily metrics, the aggregate of every panel, its timeout and its cache.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<PeriodResolver>();
        services.AddScoped<MetricReader>();
        services.AddScoped<DashboardQueries>();
        services.AddScoped<DashboardAggregator>();
        services.AddScoped<Revenue.RevenueMovements>();
        // In memory; in Redis too when the web app registers it as the distributed cache (ConnectionStrings:Redis). Keys
        // carry the data's version, so entries are never stale, only unused: the expiry just gives their memory back.
        services.AddHybridCache(o => o.DefaultEntryOptions = new HybridCacheEntryOptions
        {
            Expiration = TimeSpan.FromMinutes(10),
            LocalCacheExpiration = TimeSpan.FromMinutes(10),
        });
        services.AddOptions<DashboardOptions>()
            .Bind(configuration.GetSection(DashboardOptions.Section))
            .Validate(o => o.PanelTimeout > TimeSpan.Zero, "Dashboard:PanelTimeout must be positive")
            .ValidateOnStart();
        return services;
    }
}
