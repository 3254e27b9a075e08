using Microsoft.Extensions.Options;
using OpenIddict.Client;
using WorkPipelines.Domain.Connectors.OAuth;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace WorkPipelines.Sandbox.OAuth;

/// <summary>
/// With <c>OAuth:Sandbox</c>, one OpenIddict registration per provider that signs in at this app's sandbox, whose endpoints
/// sit where the provider keeps its own under the sandbox's root and answer in its format. OpenIddict's options may be built before the server
/// listens (its port still 0), so they are built again once it does (<see cref="RebuildWhenListening"/>).
/// </summary>
internal sealed class SandboxOAuthRegistrations(SandboxAddress sandbox, IOptions<OAuthOptions> oauth) : IConfigureOptions<OpenIddictClientOptions>
{
    /// <summary>The client the sandbox knows, as an operator's app is known to the provider.</summary>
    public const string ClientId = "workpipelines-sandbox.apps.googleusercontent.com";
    public const string ClientSecret = "sandbox-client-secret";

    public void Configure(OpenIddictClientOptions options)
    {
        if (!oauth.Value.Sandbox) return;
        foreach (var provider in OAuthProviders.All)
        {
            var root = new Uri(sandbox.For(provider.Connector));
            var format = SandboxOAuthFormat.For(provider.Connector)!;
            var registration = new OpenIddictClientRegistration
            {
                RegistrationId = provider.SandboxRegistration,
                ProviderName = provider.SandboxRegistration,
                ProviderDisplayName = $"{provider.App} (sandbox)",
                Issuer = root,
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                RedirectUri = new Uri(provider.CallbackPath(sandbox: true), UriKind.Relative),
                Configuration = new OpenIddict.Abstractions.OpenIddictConfiguration
                {
                    Issuer = root,
                    AuthorizationEndpoint = new Uri(root, format.AuthorizePath),
                    TokenEndpoint = new Uri(root, format.TokenPath),
                    RevocationEndpoint = format.RevokePath is { } revoke ? new Uri(root, revoke) : null,
                    // Mailchimp's metadata is where the provider's OpenIddict entry fetches user info: the data centre comes with it.
                    UserInfoEndpoint = format.MetadataPath is { } metadata ? new Uri(root, metadata) : null,
                    GrantTypesSupported = { GrantTypes.AuthorizationCode },
                    ResponseTypesSupported = { ResponseTypes.Code },
                    ResponseModesSupported = { ResponseModes.Query },
                    TokenEndpointAuthMethodsSupported = { ClientAuthenticationMethods.ClientSecretPost },
                    RevocationEndpointAuthMethodsSupported = { ClientAuthenticationMethods.ClientSecretPost },
                },
            };
            if (format.RefreshPrefix is not null) registration.Configuration.GrantTypesSupported.Add(GrantTypes.RefreshToken);
            if (format.LongLivedGrant is { } exchange) registration.Configuration.GrantTypesSupported.Add(exchange);
            // PKCE wherever the provider takes it, as the issue asks; the sandbox checks a challenge that comes.
            if (format.Pkce != Pkce.None) registration.Configuration.CodeChallengeMethodsSupported.Add(CodeChallengeMethods.Sha256);
            foreach (var scope in provider.Scopes) registration.Scopes.Add(scope);
            // Zendesk's own OpenIddict entry, its endpoints pointed at the sandbox: its revocation (a DELETE of the current
            // token, not RFC 7009) is then the library's code at work, as against Zendesk.
            if (format.RevokesCurrent && provider.App == "Zendesk")
            {
                registration.ProviderType = OpenIddict.Client.WebIntegration.OpenIddictClientWebIntegrationConstants.ProviderTypes.Zendesk;
                registration.ProviderSettings = new OpenIddict.Client.WebIntegration.OpenIddictClientWebIntegrationSettings.Zendesk { Tenant = "sandbox" };
            }
            options.Registrations.Add(registration);
        }
    }
}

/// <summary>Drops OpenIddict's options once the server listens, so the sandbox registrations are built with its real address.</summary>
internal sealed class RebuildWhenListening(Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime, IOptionsMonitorCache<OpenIddictClientOptions> cache,
    IOptions<OAuthOptions> oauth) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (oauth.Value.Sandbox) lifetime.ApplicationStarted.Register(() => cache.TryRemove(Options.DefaultName));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
