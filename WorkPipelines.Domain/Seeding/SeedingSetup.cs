using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace WorkPipelines.Domain.Seeding;

public static class SeedingSetup
{
    /// <summary>The first-run demo workspace's settings (section <c>Demo</c>); the host seeds it after start-up.</summary>
    public static IServiceCollection AddSeeding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section));
        return services;
    }
}
