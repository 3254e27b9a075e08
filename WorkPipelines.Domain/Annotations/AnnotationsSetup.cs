using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace WorkPipelines.Domain.Annotations;

public static class AnnotationsSetup
{
    /// <summary>Chart annotations: people's notes and the automatic ones of connections and syncs.</summary>
    public static IServiceCollection AddAnnotations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<AnnotationService>();
        services.AddScoped<AutomaticAnnotations>();
        return services;
    }
}
