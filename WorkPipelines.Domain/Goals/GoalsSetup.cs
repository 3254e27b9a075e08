using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Metrics;

namespace WorkPipelines.Domain.Goals;

public static class GoalsSetup
{
    /// <summary>Goals: targets per month or quarter on dashboard metrics, and the metric reader their progress (and alert rules) use.</summary>
    public static IServiceCollection AddGoals(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<GoalService>();
        return services;
    }
}
