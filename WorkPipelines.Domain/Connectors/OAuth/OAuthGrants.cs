using Microsoft.Extensions.Logging;
using OpenIddict.Client;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Abstractions.OpenIddictExceptions;

namespace WorkPipelines.Domain.Connectors.OAuth;

/// <summary>Gets a new access token with a grant's refresh token, and revokes a grant, through OpenIddict's client.</summary>
public sealed class OAuthGrants(OpenIddictClientService client, TimeProvider time, ILogger<OAuthGrants> logger)
{
    /// <exception cref="ConnectorAuthException">The provider no longer accepts the grant (revoked, expired, app removed): only signing in again helps.</exception>
    public async Task<OAuthGrant> RefreshAsync(OAuthGrant grant, string providerTitle, CancellationToken cancellationToken)
    {
        try
        {
            var result = await client.AuthenticateWithRefreshTokenAsync(new()
            {
                RegistrationId = grant.Registration,
                RefreshToken = grant.RefreshToken!,
                CancellationToken = cancellationToken,
            });
            // A provider that rotates refresh tokens sends a new one; Google keeps the first.
            return OAuthGrant.Issued(grant.Registration, result.AccessToken, result.RefreshToken ?? grant.RefreshToken, result.AccessTokenExpirationDate, time.GetUtcNow());
        }
        catch (ProtocolException ex) when (ex.Error is Errors.InvalidGrant or Errors.InvalidClient or Errors.UnauthorizedClient or Errors.InvalidScope)
        {
            throw new ConnectorAuthException($"{providerTitle} no longer accepts this connection's sign-in ({ex.Error}: {Short(ex.ErrorDescription)}): " +
                "it was revoked or has expired. Reconnect to sign in again.");
        }
        catch (ProtocolException ex)
        {
            throw new ConnectorUnavailableException($"{providerTitle}'s sign-in service did not give a new access token ({ex.Error}); trying again later");
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains(grant.Registration, StringComparison.Ordinal) || ex.Message.Contains("ID0", StringComparison.Ordinal))
        {
            // The registration is gone: the operator removed the OAuth app's settings.
            throw new ConnectorAuthException($"this server no longer has the OAuth app this connection signed in with; reconnect {providerTitle}");
        }
    }

    /// <summary>
    /// Trades a short-lived access token for a lasting one with the provider's own grant (<see cref="OAuthProvider.LongLivedGrant"/>:
    /// Facebook's fb_exchange_token), sent by OpenIddict to the registration's token endpoint with the client's credentials.
    /// </summary>
    /// <exception cref="ConnectorAuthException">The provider refused the trade.</exception>
    public async Task<OAuthGrant> LongLivedAsync(OAuthGrant grant, string grantType, string providerTitle, CancellationToken cancellationToken)
    {
        try
        {
            var result = await client.AuthenticateWithCustomGrantAsync(new()
            {
                RegistrationId = grant.Registration,
                GrantType = grantType,
                AdditionalTokenRequestParameters = new() { [grantType] = grant.AccessToken },
                DisableUserInfo = true,
                CancellationToken = cancellationToken,
            });
            return OAuthGrant.Issued(grant.Registration, result.AccessToken, refreshToken: null, result.AccessTokenExpirationDate, time.GetUtcNow());
        }
        catch (ProtocolException ex)
        {
            throw new ConnectorAuthException($"{providerTitle} did not trade the sign-in for a lasting token ({ex.Error}: {Short(ex.ErrorDescription)})");
        }
    }

    /// <summary>Asks the provider to forget the grant (RFC 7009); a provider that fails to answer does not stop a disconnect.</summary>
    public async Task<Revocation> RevokeAsync(OAuthGrant grant, CancellationToken cancellationToken)
    {
        try
        {
            // Mailchimp, Shopify and Facebook have no revocation endpoint: the person removes the app on their side.
            var registration = await client.GetClientRegistrationByIdAsync(grant.Registration, cancellationToken);
            if (registration.ConfigurationManager is { } manager && (await manager.GetConfigurationAsync(cancellationToken)).RevocationEndpoint is null)
                return Revocation.NotOffered;
            // Zendesk revokes the token that authenticates a DELETE of "the current token" (OpenIddict's Zendesk entry sends it as
            // bearer; developer.zendesk.com "OAuth Tokens", Revoke Current Token), which takes its refresh token with it: a live
            // access token. Elsewhere the refresh token, whose revocation ends the whole grant (RFC 7009, 2.1).
            var current = registration.ProviderType == OpenIddict.Client.WebIntegration.OpenIddictClientWebIntegrationConstants.ProviderTypes.Zendesk;
            if (current && grant.IsDue(time.GetUtcNow())) grant = await RefreshAsync(grant, registration.ProviderDisplayName ?? grant.Registration, cancellationToken);
            var token = current ? grant.AccessToken : grant.RefreshToken ?? grant.AccessToken;
            await client.RevokeTokenAsync(new()
            {
                RegistrationId = grant.Registration,
                Token = token,
                TokenTypeHint = token == grant.AccessToken ? TokenTypeHints.AccessToken : TokenTypeHints.RefreshToken,
                CancellationToken = cancellationToken,
            });
            return Revocation.Revoked;
        }
        catch (Exception ex) when (ex is ProtocolException or HttpRequestException or InvalidOperationException or Outbound.FetchRefusedException
                                   or ConnectorAuthException or ConnectorUnavailableException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("Revoking the {Registration} grant failed: {Reason}", grant.Registration, ex.Message);
            return Revocation.Failed;
        }
    }

    private static string Short(string? text) => text is null ? "" : text.Length > 120 ? text[..120] + "…" : text;
}

public enum Revocation
{
    Revoked,

    /// <summary>The provider has no revocation endpoint.</summary>
    NotOffered,

    Failed,
}
