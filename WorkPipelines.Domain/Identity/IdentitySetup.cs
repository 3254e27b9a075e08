using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace WorkPipelines.Domain.Identity;

public static class IdentitySetup
{
    /// <summary>
    /// Per-user preferences. The user and sign-in managers come with ASP.NET Core Identity, which the web host sets up
    /// with its cookie and bearer schemes.
    /// </summary>
    public static IServiceCollection AddUserPreferences(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<UserPreferences>();
        return services;
    }
}
