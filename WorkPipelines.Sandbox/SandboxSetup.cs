using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Client;
using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox;

public static class SandboxSetup
{
    /// <summary>
    /// The providers' imitations: accounts, addresses, every provider's sandbox (each <see cref="ISandboxProvider"/> of this
    /// project: adding a provider's sandbox is adding its folder), and (with <c>OAuth:Sandbox</c>) their sign-ins as OpenIddict
    /// client registrations. Fulfils the Domain's <see cref="ISandbox"/>, so sandbox connections work.
    /// </summary>
    public static IServiceCollection AddSandbox(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section);
        services.AddSingleton<SandboxAccounts>();
        services.AddSingleton<SandboxAddress>();
        services.AddSingleton<ISandbox, SandboxConnections>();
        services.AddSingleton<OAuth.SandboxOAuth>();
        services.AddSingleton<IConfigureOptions<OpenIddictClientOptions>, OAuth.SandboxOAuthRegistrations>();
        services.AddHostedService<OAuth.RebuildWhenListening>();

        foreach (var provider in typeof(SandboxSetup).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(ISandboxProvider))))
            services.AddSingleton(typeof(ISandboxProvider), provider);
        return services;
    }
}
