using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace WorkPipelines.Domain.Activity;

public static class ActivitySetup
{
    /// <summary>The activity log: recording what people do (with the address they came from) and reading it back.</summary>
    public static IServiceCollection AddActivity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ActivityLog>();
        services.AddScoped<RequestOrigin>();
        services.AddScoped<ActivityFeed>();
        return services;
    }
}
