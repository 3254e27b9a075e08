using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.BrandAnalysis.Fetching;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.BrandAnalysis;

public static class BrandAnalysisSetup
{
    /// <summary>
    /// Brand analysis: the SSRF-safe fetcher (one pooled HttpClient behind the outbound policy's address gate), the
    /// crawler and the <c>brand.analyze</c> kind.
    /// </summary>
    public static IServiceCollection AddBrandAnalysis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BrandAnalysisOptions>()
            .Bind(configuration.GetSection(BrandAnalysisOptions.Section))
            .Validate(o => o.MaxBodyBytes > 0 && o.MaxPages >= 1 && o.MaxRedirects >= 0 && o.FetchTimeout > TimeSpan.Zero,
                "BrandAnalysis limits must be positive")
            .ValidateOnStart();
        services.AddSingleton<SafeFetcher>();
        services.AddScoped<SiteCrawler>();
        services.AddScoped<BrandAnalysisService>();
        services.AddPipelineKind<AnalyzeBrand>();
        return services;
    }
}
