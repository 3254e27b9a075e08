using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace WorkPipelines.Domain.Sharing;

public static class SharingSetup
{
    /// <summary>Read-only share links to a dashboard view: the admins' service, the anonymous opener and the revocation signal.</summary>
    public static IServiceCollection AddSharing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ShareService>();
        services.AddScoped<ShareOpener>();
        services.AddScoped<SharedDashboard>();
        services.AddSingleton<ShareRevocations>();
        return services;
    }
}
