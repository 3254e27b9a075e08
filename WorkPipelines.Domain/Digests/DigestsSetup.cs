using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.Digests;

public static class DigestsSetup
{
    /// <summary>Digests: each member's scorecard, the <c>send-digest</c> kind and its every-minute tick (webhooks use the alerts' outbound-policy client).</summary>
    public static IServiceCollection AddDigests(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<DigestComposer>();
        services.AddScoped<DigestService>();
        services.AddTransient<ScheduleDueDigests>();
        services.AddPipelineKind<SendDigest>();
        return services;
    }
}
