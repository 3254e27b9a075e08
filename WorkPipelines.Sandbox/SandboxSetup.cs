using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Client;
using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox;

public static class SandboxSetup
{
    /// <summary>
    /// The providers' imitations: accounts, addresses, every provider's sandbox, and (with <c>OAuth:Sandbox</c>) their
    /// sign-ins as OpenIddict client registrations. Fulfils the Domain's <see cref="ISandbox"/>, so sandbox connections work.
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

        services.AddSandboxProvider<Stripe.StripeSandbox>();
        services.AddSandboxProvider<Ga4.Ga4Sandbox>();
        services.AddSandboxProvider<Zendesk.ZendeskSandbox>();
        services.AddSandboxProvider<Meta.MetaSandbox>();
        services.AddSandboxProvider<Social.SocialSandbox>();
        services.AddSandboxProvider<Shopify.ShopifySandbox>();
        services.AddSandboxProvider<Mailchimp.MailchimpSandbox>();
        return services;
    }

    public static IServiceCollection AddSandboxProvider<TProvider>(this IServiceCollection services) where TProvider : class, ISandboxProvider
    {
        services.AddSingleton<ISandboxProvider, TProvider>();
        return services;
    }

    /// <summary>Mounts every registered sandbox provider at <c>/sandbox/{provider}</c>; see <see cref="SandboxEndpoints"/>.</summary>
    public static IEndpointRouteBuilder MapSandbox(this IEndpointRouteBuilder endpoints) => SandboxEndpoints.MapSandboxProviders(endpoints);
}
