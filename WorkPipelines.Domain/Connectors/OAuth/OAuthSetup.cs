using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using OpenIddict.Client;
using WorkPipelines.Domain.Outbound;

namespace WorkPipelines.Domain.Connectors.OAuth;

public static class OAuthSetup
{
    /// <summary>
    /// "Connect with …": OpenIddict's client does the authorization code flow with PKCE, the refresh and the revocation;
    /// its provider table (OpenIddict.Client.WebIntegration) knows each provider's endpoints and quirks. Its state tokens
    /// are protected with the app's Data Protection key ring, so a sign-in started on one instance ends on any other.
    /// </summary>
    public static IServiceCollection AddConnectorOAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(OAuthOptions.Section);
        services.AddOptions<OAuthOptions>().Bind(section);
        var options = section.Get<OAuthOptions>() ?? new();

        services.AddOpenIddict().AddClient(client =>
        {
            client.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowCustomFlow(OAuthProviders.FacebookExchange);
            // Nothing the client signs or encrypts outlives a sign-in except through Data Protection (below); the keys
            // are required by its options and sign client assertions, which no provider here uses.
            client.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            // State tokens are self-contained (Data Protection) instead of rows in an OpenIddict table.
            client.DisableTokenStorage();
            client.UseDataProtection();
            var aspNetCore = client.UseAspNetCore().EnableRedirectionEndpointPassthrough().EnableErrorPassthrough();
            // Behind TLS a provider only accepts https redirect URIs anyway; plain http is for loopback development and tests.
            if (!section.GetValue("RequireHttps", true)) aspNetCore.DisableTransportSecurityRequirement();
            aspNetCore.Configure(o =>
            {
                // Every provider here answers with a redirect (response_mode=query), a top-level GET that a Lax cookie
                // goes with; None would need Secure, which a browser drops on plain-http loopback. Secure behind https.
                o.CookieBuilder.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
                o.CookieBuilder.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            });
            client.UseSystemNetHttp().SetProductInformation("WorkPipelines", "1.0");
            client.SetRedirectionEndpointUris(OAuthProviders.CallbackPaths.ToArray());

            var web = client.UseWebProviders();
            if (OAuthProviders.For(Ga4.Ga4Connector.Key) is { } google && options.AppOf(google) is { IsConfigured: true } googleApp)
            {
                // access_type=offline and prompt=consent: Google returns a refresh token only then
                // (https://developers.google.com/identity/protocols/oauth2/web-server#offline).
                web.AddGoogle(g => g.SetClientId(googleApp.ClientId!).SetClientSecret(googleApp.ClientSecret!)
                    .SetRedirectUri(google.CallbackPath(false)).AddScopes([.. google.Scopes]).SetAccessType("offline").SetPrompt("consent"));
            }
            // Mailchimp: no scopes; its entry fetches login.mailchimp.com/oauth2/metadata as user info, which says the data centre.
            if (OAuthProviders.For(Mailchimp.MailchimpConnector.Key) is { } mailchimp && options.AppOf(mailchimp) is var mailchimpApp && mailchimpApp.IsConfiguredFor(mailchimp))
                web.AddMailchimp(m => m.SetClientId(mailchimpApp.ClientId!).SetClientSecret(mailchimpApp.ClientSecret!).SetRedirectUri(mailchimp.CallbackPath(false)));
            // Zendesk: the OAuth client is registered in one Zendesk account's Admin Center, whose subdomain is the tenant
            // (OpenIddict.Client.WebIntegration 7.9.0: https://{tenant}.zendesk.com/oauth/authorizations/new and /oauth/tokens).
            if (OAuthProviders.For(Zendesk.ZendeskConnector.Key) is { } zendesk && options.AppOf(zendesk) is var zendeskApp && zendeskApp.IsConfiguredFor(zendesk))
                web.AddZendesk(z => z.SetClientId(zendeskApp.ClientId!).SetClientSecret(zendeskApp.ClientSecret!).SetTenant(zendeskApp.Subdomain!.Trim())
                    .SetRedirectUri(zendesk.CallbackPath(false)).AddScopes([.. zendesk.Scopes]));
            // Shopify: one app for every shop; the shop's endpoints come from the shop name the challenge carries
            // (OpenIddict.Client.WebIntegration's ".shopify_shop_name" property, set by ConnectWithEndpoints).
            if (OAuthProviders.For(Shopify.ShopifyConnector.Key) is { } shopify && options.AppOf(shopify) is var shopifyApp && shopifyApp.IsConfiguredFor(shopify))
                web.AddShopify(s => s.SetClientId(shopifyApp.ClientId!).SetClientSecret(shopifyApp.ClientSecret!)
                    .SetRedirectUri(shopify.CallbackPath(false)).AddScopes([.. shopify.Scopes]));
            // Facebook: one app for Meta Ads and Facebook & Instagram; each sign-in asks for its connector's permissions (or its
            // Facebook Login for Business configuration), so the registration has no scopes of its own. OpenIddict's Facebook
            // entry: www.facebook.com/{version}/dialog/oauth, graph.facebook.com/{version}/oauth/access_token, PKCE S256.
            if (options.Facebook is { IsConfigured: true } facebookApp)
                web.AddFacebook(f => f.SetClientId(facebookApp.ClientId!).SetClientSecret(facebookApp.ClientSecret!)
                    .SetRedirectUri(OAuthProviders.For(Meta.MetaConnector.Key)!.CallbackPath(false)));
        });
        // OpenIddict sends a grant only to a server that lists it; its Facebook entry lists the code flow alone.
        services.AddSingleton<IPostConfigureOptions<OpenIddictClientOptions>, FacebookListsItsExchange>();
        // The sandbox's sign-ins (OAuth:Sandbox) are registered by WorkPipelines.Sandbox (AddSandbox), as options of this client.
        services.AddSingleton<IPostConfigureOptions<HttpClientFactoryOptions>, OAuthHttpUnderPolicy>();
        services.AddScoped<OAuthGrants>();
        return services;
    }

    /// <summary>The registrations offered for a connector: the provider's app when configured, the sandbox's (<see cref="OAuthProvider.SandboxRegistration"/>) when on.</summary>
    public static IEnumerable<OpenIddictClientRegistration> RegistrationsFor(this OpenIddictClientOptions options, OAuthProvider provider) =>
        options.Registrations.Where(r => r.ProviderName == provider.App || r.RegistrationId == provider.SandboxRegistration);
}

/// <summary>
/// OpenIddict's HTTP clients (token, revocation, discovery requests) connect only where the outbound policy allows, like
/// the connectors' own; when the sandbox's sign-in is on, requests to the sandbox go to it alone. OpenIddict insists on an
/// HttpClientHandler as the primary handler, so the last handler of its chain sends through a policy handler instead.
/// </summary>
internal sealed class OAuthHttpUnderPolicy(AddressGate gate, IOptions<OAuthOptions> options, ISandbox? sandbox = null) : IPostConfigureOptions<HttpClientFactoryOptions>
{
    private readonly Lazy<HttpMessageInvoker> _policy = new(() => new HttpMessageInvoker(OutboundHttp.Handler(gate)));
    private readonly Lazy<HttpMessageInvoker> _sandbox = new(() => new HttpMessageInvoker(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectCallback = sandbox!.ConnectAsync,
    }));

    public void PostConfigure(string? name, HttpClientFactoryOptions factory)
    {
        if (name is null || !name.StartsWith(typeof(OpenIddict.Client.SystemNetHttp.OpenIddictClientSystemNetHttpOptions).Assembly.GetName().Name + ":", StringComparison.Ordinal)) return;
        factory.HttpMessageHandlerBuilderActions.Add(builder => builder.AdditionalHandlers.Add(new SendThrough(this)));
        factory.HttpClientActions.Add(OutboundHttp.StayOnTcp);
    }

    private HttpMessageInvoker For(Uri? uri) =>
        options.Value.Sandbox && sandbox is not null && uri is not null && uri.Authority == sandbox.BaseUrlOf("").Authority ? _sandbox.Value : _policy.Value;

    private sealed class SendThrough(OAuthHttpUnderPolicy policy) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            policy.For(request.RequestUri).SendAsync(request, cancellationToken);
    }
}

/// <summary>Adds Facebook's fb_exchange_token to what its registration's server is known to take (its static configuration lists only the code flow).</summary>
internal sealed class FacebookListsItsExchange : IPostConfigureOptions<OpenIddictClientOptions>
{
    public void PostConfigure(string? name, OpenIddictClientOptions options)
    {
        foreach (var registration in options.Registrations.Where(r => r.ProviderName == "Facebook" && r.Configuration is not null))
            if (!registration.Configuration!.GrantTypesSupported.Contains(OAuthProviders.FacebookExchange))
                registration.Configuration.GrantTypesSupported.Add(OAuthProviders.FacebookExchange);
    }
}
