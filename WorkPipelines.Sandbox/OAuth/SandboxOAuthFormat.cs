namespace WorkPipelines.Sandbox.OAuth;

/// <summary>
/// Where one provider's OAuth 2.0 web-server flow differs from another's, as the sandbox plays it (<see cref="SandboxOAuth"/>):
/// its paths under the sandbox's root, what its consent page says, and what its token endpoint answers.
/// </summary>
/// <param name="Provider">The sandbox provider (and the account a consent creates).</param>
/// <param name="AccountName">What the consent page calls the person's account ("Google Account").</param>
/// <param name="RevokePath">RFC 7009 revocation as the provider documents it; null: the sandbox plays none.</param>
/// <param name="MetadataPath">A GET that says, for an access token, where the account's API lives; null: none.</param>
/// <param name="Scope">The scope the sign-in must ask for; null: the provider has no scopes.</param>
/// <param name="Pkce">Whether the provider takes a PKCE code_challenge (S256), and whether it insists on one.</param>
/// <param name="CodePrefix">What the provider's authorization codes start with.</param>
/// <param name="RefreshPrefix">What its refresh tokens start with; null: it issues none (its access tokens do not expire).</param>
/// <param name="RotatesRefreshTokens">A refresh answers with a new refresh token (and the old one stops working).</param>
/// <param name="TokenType">The token answer's token_type; null: the answer has none.</param>
/// <param name="RevokesCurrent">Revocation is <c>DELETE {RevokePath}</c> of the token sent as its bearer (Zendesk's), not RFC 7009's form POST.</param>
/// <param name="LongLivedGrant">
/// For a provider whose access tokens expire without a refresh token: the token endpoint's grant that trades one for a
/// long-lived token (Facebook's fb_exchange_token). Its answers say no scope.
/// </param>
public sealed record SandboxOAuthFormat(string Provider, string Title, string AccountName, string ConsentLine, string AuthorizePath, string TokenPath, string? RevokePath,
    string? MetadataPath, string? Scope, Pkce Pkce, string CodePrefix, string? RefreshPrefix, bool RotatesRefreshTokens, string? TokenType, string? LongLivedGrant = null, bool RevokesCurrent = false)
{
    /// <summary>"A long-lived token generally lasts about 60 days" (https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived).</summary>
    public static readonly TimeSpan LongLived = TimeSpan.FromDays(60);

    /// <summary>
    /// Google: https://developers.google.com/identity/protocols/oauth2/web-server (authorization at
    /// accounts.google.com/o/oauth2/v2/auth, codes "4/…", refresh tokens "1//…" given once with access_type=offline, kept on refresh).
    /// </summary>
    public static readonly SandboxOAuthFormat Google = new(Ga4.Ga4Sandbox.Key, "Google", "Google Account", "See and download your Google Analytics data",
        SandboxOAuth.AuthorizePath, SandboxOAuth.TokenPath, SandboxOAuth.RevokePath, MetadataPath: null, Domain.Connectors.Ga4.GoogleServiceAccount.Scope,
        Pkce: Pkce.Required, CodePrefix: "4/", RefreshPrefix: "1//", RotatesRefreshTokens: false, TokenType: "Bearer");

    /// <summary>
    /// Mailchimp: authorize at login.mailchimp.com/oauth2/authorize, token at login.mailchimp.com/oauth2/token, then
    /// login.mailchimp.com/oauth2/metadata for the account's data centre ("How to Use OAuth2",
    /// https://developer.mailchimp.com/documentation/mailchimp/guides/how-to-use-oauth2/, and
    /// https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/). "Tokens do not expire, so you do not need
    /// to use refresh_token" (same page): the answer is {access_token, expires_in: 0, scope: null}. Mailchimp has no scopes,
    /// no documented revocation and no PKCE (OpenIddict.Client.WebIntegration 7.9.0's Mailchimp entry declares none).
    /// </summary>
    public static readonly SandboxOAuthFormat Mailchimp = new(Domain.Connectors.Mailchimp.MailchimpConnector.Key, "Mailchimp", "Mailchimp account",
        "Access your Mailchimp account: audiences, campaigns and reports", "oauth2/authorize", "oauth2/token", RevokePath: null,
        MetadataPath: "oauth2/metadata", Scope: null, Pkce: Pkce.None, CodePrefix: "", RefreshPrefix: null, RotatesRefreshTokens: false, TokenType: null);

    /// <summary>
    /// Zendesk: authorize at {subdomain}.zendesk.com/oauth/authorizations/new, token at {subdomain}.zendesk.com/oauth/tokens
    /// (OpenIddict.Client.WebIntegration 7.9.0's Zendesk entry; "Using OAuth authentication with your application",
    /// support.zendesk.com 4408845965210). Scope "read". Since 2025-04-30 Zendesk issues expiring access tokens with a refresh
    /// token, and a refresh "will also return a refresh token and delete the previous access and refresh tokens"
    /// (support.zendesk.com 9182123625370, "Announcing support for OAuth refresh token grant type"; developer.zendesk.com
    /// "OAuth Tokens for Grant Types"). PKCE is optional for confidential clients ("Using PKCE to make Zendesk OAuth access
    /// tokens more secure"). token_type "bearer". Revocation: <c>DELETE /api/v2/oauth/tokens/current.json</c> with the token to
    /// revoke as bearer, answered 204 No Content (developer.zendesk.com "OAuth Tokens", Revoke Current Token; OpenIddict 7.9.0's
    /// Zendesk entry sends it so).
    /// </summary>
    public static readonly SandboxOAuthFormat Zendesk = new(Domain.Connectors.Zendesk.ZendeskConnector.Key, "Zendesk", "Zendesk account",
        "Read your Zendesk Support data: tickets, their metrics and users", "oauth/authorizations/new", "oauth/tokens", RevokePath: "api/v2/oauth/tokens/current.json",
        MetadataPath: null, Scope: "read", Pkce: Pkce.Optional, CodePrefix: "", RefreshPrefix: "", RotatesRefreshTokens: true, TokenType: "bearer", RevokesCurrent: true);

    /// <summary>
    /// Shopify: authorize at {shop}.myshopify.com/admin/oauth/authorize with comma-separated scopes, then
    /// POST {shop}.myshopify.com/admin/oauth/access_token with client_id, client_secret and code, answered
    /// {"access_token", "scope": "read_orders,…"}: an offline token that does not expire and comes with no refresh token
    /// (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant). The same
    /// token path serves the client-credentials grant (ShopifySandboxToken). No PKCE, no revocation endpoint.
    /// </summary>
    public static readonly SandboxOAuthFormat Shopify = new(Domain.Connectors.Shopify.ShopifyConnector.Key, "Shopify", "Shopify store",
        "View your store's orders and customers", "admin/oauth/authorize", "admin/oauth/access_token", RevokePath: null,
        MetadataPath: null, Scope: "read_orders", Pkce: Pkce.None, CodePrefix: "", RefreshPrefix: null, RotatesRefreshTokens: false, TokenType: null);

    /// <summary>
    /// Facebook Login, once per connector (Meta Ads, Facebook &amp; Instagram): the login dialog at
    /// www.facebook.com/{version}/dialog/oauth sends the browser back with code and state; the code's exchange at
    /// graph.facebook.com/{version}/oauth/access_token answers {access_token, token_type: "bearer", expires_in} for a short-lived
    /// user token and no refresh token ("Manually Build a Login Flow",
    /// https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow); the same endpoint's fb_exchange_token
    /// grant answers a long-lived one (https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived).
    /// PKCE S256 is taken (OpenIddict.Client.WebIntegration 7.9.0's Facebook entry). No RFC 7009 revocation (Facebook's is
    /// DELETE /{user-id}/permissions). Facebook answers token errors as Graph errors ({"error": {message, type, code}}); the
    /// sandbox answers them as OAuth errors, as it does for every provider.
    /// </summary>
    public static readonly SandboxOAuthFormat FacebookAds = Facebook(Domain.Connectors.Meta.MetaConnector.Key, "Read the performance of your ad accounts (ads_read)", "ads_read");

    /// <inheritdoc cref="FacebookAds"/>
    public static readonly SandboxOAuthFormat FacebookPages = Facebook(Domain.Connectors.Social.SocialConnector.Key,
        "Read your Pages' and their Instagram accounts' insights and posts", "pages_read_engagement");

    private static SandboxOAuthFormat Facebook(string provider, string consent, string scope) => new(provider, "Facebook", "Facebook account", consent,
        $"{Domain.Connectors.ApiVersions.MetaGraph.Version}/dialog/oauth", $"{Domain.Connectors.ApiVersions.MetaGraph.Version}/oauth/access_token", RevokePath: null,
        MetadataPath: null, scope, Pkce.Optional, CodePrefix: "", RefreshPrefix: null, RotatesRefreshTokens: false, TokenType: "bearer",
        LongLivedGrant: Domain.Connectors.OAuth.OAuthProviders.FacebookExchange);

    public static IReadOnlyList<SandboxOAuthFormat> All { get; } = [Google, Mailchimp, Zendesk, Shopify, FacebookAds, FacebookPages];

    public static SandboxOAuthFormat? For(string provider) => All.FirstOrDefault(f => f.Provider == provider);
}

public enum Pkce
{
    None,
    Optional,
    Required,
}
