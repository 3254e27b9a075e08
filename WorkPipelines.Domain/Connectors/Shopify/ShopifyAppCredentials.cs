using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Duende.IdentityModel.Client;

namespace WorkPipelines.Domain.Connectors.Shopify;

/// <summary>
/// A Shopify connection's access token: the pasted Admin API token of a legacy custom app (<c>shpat_…</c>), or one a Dev
/// Dashboard app's client ID and secret are exchanged for through the client-credentials grant. Since 2026-01-01 custom
/// apps can no longer be created in a shop's admin (https://help.shopify.com/en/manual/apps/app-types/custom-apps); an app
/// made in the Dev Dashboard and installed on a shop of its own organization asks
/// <c>POST https://{shop}.myshopify.com/admin/oauth/access_token</c> with a form of <c>grant_type=client_credentials</c>,
/// <c>client_id</c> and <c>client_secret</c>, and gets <c>{"access_token", "scope": "read_orders,…", "expires_in": 86399}</c>
/// (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant,
/// https://shopify.dev/docs/apps/build/authentication-authorization/client-secrets). Tokens last 24 hours, so one is asked for
/// per session and again a few minutes before it expires by the session's clock: a long sync and a sync a day later both work.
/// Duende.IdentityModel makes the request through the session's client (outbound policy, retries).
/// </summary>
public static partial class ShopifyAppCredentials
{
    public const string Method = "clientCredentials";
    public const string ClientIdField = "clientId";
    public const string ClientSecretField = "clientSecret";
    public const string LegacyTokenField = "accessToken";

    public const string Guide =
        "In Shopify's Dev Dashboard (dev.shopify.com/dashboard) choose Create app. In the app's version, under Access, select the " +
        $"Admin API scopes {ShopifyGraphQl.Scopes} (read_all_orders is optional: without it only the last 60 days of orders sync), " +
        "release the version, then choose Install app and pick your shop (it must belong to the same organization as the app). " +
        "Copy the Client ID and Client secret from the app's Settings.";

    /// <summary>Asked again this long before a token expires, so no request goes out with one about to lapse.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private static readonly ConditionalWeakTable<ConnectorSession, Holder> Tokens = new();

    public static bool UsesAppCredentials(ConnectorSession session) => session.HasCredential(ClientSecretField);

    public static async Task<string> AccessTokenAsync(ConnectorSession session, CancellationToken cancellationToken)
    {
        if (!UsesAppCredentials(session)) return session.Credential(LegacyTokenField);
        var holder = Tokens.GetValue(session, _ => new Holder());
        await holder.Gate.WaitAsync(cancellationToken);
        try
        {
            if (holder.Token is { } token && session.Time.GetUtcNow() < token.ExpiresAt - RenewBefore) return token.Value;
            holder.Token = await RequestAsync(session, cancellationToken);
            return holder.Token.Value;
        }
        finally
        {
            holder.Gate.Release();
        }
    }

    private static async Task<Token> RequestAsync(ConnectorSession session, CancellationToken cancellationToken)
    {
        var asked = session.Time.GetUtcNow();
        TokenResponse response;
        try
        {
            response = await session.Http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
            {
                Address = new Uri(session.BaseUrl, "admin/oauth/access_token").AbsoluteUri,
                ClientId = session.Credential(ClientIdField),
                ClientSecret = session.Credential(ClientSecretField),
                // Shopify reads client_id and client_secret from the form, not from a Basic header.
                ClientCredentialStyle = ClientCredentialStyle.PostBody,
            }, cancellationToken);
            // The request never got an answer (refused by the outbound policy, unreachable): the connect check says so in its words.
            if (response.ErrorType == ResponseErrorType.Exception && response.Exception is { } failure) ExceptionDispatchInfo.Capture(failure).Throw();
        }
        catch (JsonException)
        {
            // An HTML page or other text where Shopify answers JSON: not its token endpoint. Never repeat what it said.
            throw new ConnectorDataException("the server did not answer like Shopify's token endpoint (its answer is not JSON)");
        }
        using var _ = response;
        var status = response.HttpStatusCode;
        if (status is HttpStatusCode.TooManyRequests || (int)status >= 500)
            throw new ConnectorUnavailableException($"Shopify's token endpoint answered {(int)status}; trying again later");
        if (response.IsError) throw Refused(response, session);
        if (string.IsNullOrEmpty(response.AccessToken))
            throw new ConnectorDataException("the server did not answer like Shopify's token endpoint (no access_token)");
        // Shopify documents expires_in; without one the token is used for this session's next hour at most.
        var lifetime = response.ExpiresIn > 0 ? TimeSpan.FromSeconds(response.ExpiresIn) : TimeSpan.FromHours(1);
        return new Token(response.AccessToken, asked + lifetime);
    }

    /// <summary>
    /// A refusal in words. Shopify answers the grant's errors as RFC 6749 §5.2 JSON; the codes seen are invalid_client (wrong
    /// ID or secret), app_not_installed ("The application is not installed on this shop",
    /// https://community.shopify.dev/t/client-credentials-grant-returning-app-not-installed-error-despite-app-being-installed/33287)
    /// and shop_not_permitted (a shop outside the app's organization,
    /// https://community.shopify.dev/t/client-credentials-oauth-flow-from-partner-app-not-working/26907). Only the code is repeated.
    /// </summary>
    private static ConnectorAuthException Refused(TokenResponse response, ConnectorSession session)
    {
        var shop = session.HasCredential("shopDomain") ? session.Credential("shopDomain") : "this shop";
        var code = response.ErrorType == ResponseErrorType.Protocol && response.Error is { } e && OAuthCode().IsMatch(e) ? e : null;
        return new ConnectorAuthException(code switch
        {
            "app_not_installed" => $"the app is not installed on {shop}: in Shopify's Dev Dashboard open the app, choose Install app and pick this shop, then reconnect.",
            "shop_not_permitted" => $"Shopify gives client-credentials tokens only for shops in the app's own organization, and {shop} is not one: " +
                                    "create the app in the Dev Dashboard of the organization that owns the shop, or connect with an Admin API access token.",
            "invalid_client" or "unauthorized_client" or null when response.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden =>
                $"Shopify refused the client ID and secret{(code is null ? "" : $" ({code})")}: copy both again from the Dev Dashboard → your app → Settings " +
                "(a secret that was rotated there needs reconnecting).",
            null => $"Shopify's token endpoint answered {(int)response.HttpStatusCode}: check the shop domain, client ID and secret.",
            _ => $"Shopify refused the token request ({code}): check the app in the Dev Dashboard, then reconnect.",
        });
    }

    [GeneratedRegex("^[a-z_]{1,60}$")]
    private static partial Regex OAuthCode();

    private sealed record Token(string Value, DateTimeOffset ExpiresAt);

    private sealed class Holder
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public Token? Token { get; set; }
    }
}
