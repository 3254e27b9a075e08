namespace WorkPipelines.Domain.Connectors.OAuth;

/// <summary>
/// The deployment's OAuth apps, one per provider (<c>OAuth:Google:ClientId</c>, <c>OAuth:Google:ClientSecret</c>, …). A
/// provider whose app is not configured offers no "Connect with …" and its pasted credentials still work.
/// </summary>
public sealed class OAuthOptions
{
    public const string Section = "OAuth";

    public OAuthApp Google { get; set; } = new();

    /// <summary>One Meta app signs in for both Meta Ads and Facebook &amp; Instagram (one redirect URI, different permissions).</summary>
    public OAuthApp Facebook { get; set; } = new();

    public OAuthApp Mailchimp { get; set; } = new();
    public OAuthApp Shopify { get; set; } = new();

    /// <summary>A Zendesk OAuth client belongs to one Zendesk account: its subdomain (<c>OAuth:Zendesk:Subdomain</c>) is part of the app.</summary>
    public OAuthApp Zendesk { get; set; } = new();

    /// <summary>
    /// Also offer "Connect with …" against this app's sandbox, whose sign-in and token endpoints speak the provider's
    /// format: the whole flow without a provider account (Development and tests; never on in Production).
    /// </summary>
    public bool Sandbox { get; set; }

    public OAuthApp AppOf(OAuthProvider provider) => provider.App switch
    {
        "Google" => Google,
        "Facebook" => Facebook,
        "Mailchimp" => Mailchimp,
        "Zendesk" => Zendesk,
        "Shopify" => Shopify,
        _ => new(),
    };
}

public sealed class OAuthApp
{
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>The account whose OAuth client this is, for a provider whose clients belong to one account (Zendesk).</summary>
    public string? Subdomain { get; set; }

    /// <summary>
    /// Facebook Login for Business configurations (Meta app dashboard → Facebook Login for Business → Configurations), by
    /// connector key ("meta", "social"): sent as <c>config_id</c> instead of a scope, the configuration says the token type
    /// (a system user's token, which does not expire, or a user's), the assets and the permissions. Optional: without one
    /// the sign-in asks for the connector's permissions by scope (classic Facebook Login).
    /// </summary>
    public Dictionary<string, string> ConfigIds { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);

    /// <summary>Configured, with every setting the provider's app needs besides the client (<see cref="OAuthProvider.AppSettings"/>).</summary>
    public bool IsConfiguredFor(OAuthProvider provider) => IsConfigured && provider.AppSettings.All(s => s != nameof(Subdomain) || !string.IsNullOrWhiteSpace(Subdomain));
}

/// <summary>A provider that can be connected by signing in with its OAuth app.</summary>
/// <param name="Connector">The provider key of the connection it makes (<see cref="ProviderCatalog"/>).</param>
/// <param name="App">The OAuth app's name in configuration and OpenIddict's provider name ("Google").</param>
/// <param name="Scopes">What the sign-in asks for: exactly what the connector reads.</param>
/// <param name="Fields">The connection's other fields, asked before signing in (the GA4 property).</param>
/// <param name="ProviderFields">Credentials the provider says at sign-in (claims of its user info: Mailchimp's data centre, "dc").</param>
/// <param name="AppSettings">Settings the OAuth app needs besides its client id and secret ("Subdomain": Zendesk's), kept with the connection too.</param>
/// <param name="LongLivedGrant">
/// The token endpoint's grant that trades the sign-in's short-lived token for a lasting one, for a provider that issues
/// short-lived tokens without a refresh token; the token goes in the parameter of the same name (Facebook's fb_exchange_token).
/// </param>
public sealed record OAuthProvider(string Connector, string App, IReadOnlyList<string> Scopes, IReadOnlyList<string> Fields,
    IReadOnlyList<string>? ProviderFields = null, IReadOnlyList<string>? AppSettings = null, string? LongLivedGrant = null)
{
    public IReadOnlyList<string> ProviderFields { get; } = ProviderFields ?? [];
    public IReadOnlyList<string> AppSettings { get; } = AppSettings ?? [];

    /// <summary>
    /// The OpenIddict registration that signs in at the sandbox instead of the provider: one per connector, as each
    /// connector's sandbox is an account of its own (Meta Ads and Facebook &amp; Instagram share the provider's app).
    /// </summary>
    public string SandboxRegistration => "sandbox-" + Connector;

    /// <summary>Where the provider sends the browser back, relative to the app's root: what an operator registers with the provider.</summary>
    public string CallbackPath(bool sandbox) => $"connectors/oauth/callback/{(sandbox ? SandboxRegistration : App.ToLowerInvariant())}";

    public string SettingPrefix => $"{OAuthOptions.Section}:{App}";

    /// <summary>The settings that turn its "Connect with …" on, for people: "OAuth:Google:ClientId and OAuth:Google:ClientSecret".</summary>
    public string SettingNames => string.Join(", ", new[] { "ClientId" }.Concat(AppSettings).Select(s => $"{SettingPrefix}:{s}")) + $" and {SettingPrefix}:ClientSecret";
}

public static class OAuthProviders
{
    // What the Shopify connector reads (https://shopify.dev/docs/api/usage/access-scopes; read_all_orders widens orders past
    // 60 days). Before All: static fields are set in the order they are written.
    private static readonly string[] ShopifyScopes = ["read_orders", "read_all_orders", "read_customers"];

    /// <summary>
    /// Facebook Login's code gives a short-lived user token (an hour or two) and no refresh token;
    /// <c>graph.facebook.com/{version}/oauth/access_token?grant_type=fb_exchange_token&amp;client_id&amp;client_secret&amp;fb_exchange_token={token}</c>
    /// answers a long-lived one, "generally about 60 days"
    /// (https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived, checked 2026-12). Meta shows a GET;
    /// OpenIddict POSTs the form to that token endpoint, as it does the code.
    /// </summary>
    public const string FacebookExchange = "fb_exchange_token";

    /// <summary>
    /// Google: the only scope the Data API's runReport and getMetadata need
    /// (https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/properties/runReport#authorization-scopes).
    /// Mailchimp: no scopes exist, and the account's data centre comes from login.mailchimp.com/oauth2/metadata ("dc"), which
    /// OpenIddict's Mailchimp entry fetches as its user info (https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/).
    /// Zendesk: "read" covers the ticket export, ticket metrics and users/me (developer.zendesk.com "OAuth Tokens", scopes); its
    /// OAuth client belongs to one account, whose subdomain is the app's setting.
    /// Shopify: an app from the Dev Dashboard installed on the shop through the authorization code grant, which gives an
    /// offline token that does not expire (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant).
    /// Facebook: one Meta app for Meta Ads (ads_read) and Facebook &amp; Instagram (the Page's and its Instagram account's
    /// permissions, <see cref="Social.SocialConnector"/>); its long-lived user token reads the ad account for about 60 days, and
    /// the Page's own token got with it does not expire (<see cref="Social.SocialConnector.TradeAsync"/>).
    /// </summary>
    public static IReadOnlyList<OAuthProvider> All { get; } =
    [
        new(Ga4.Ga4Connector.Key, "Google", [Ga4.GoogleServiceAccount.Scope], ["propertyId"]),
        new(Mailchimp.MailchimpConnector.Key, "Mailchimp", [], [], ProviderFields: [Mailchimp.MailchimpConnector.DataCentreField]),
        new(Zendesk.ZendeskConnector.Key, "Zendesk", ["read"], [], AppSettings: [nameof(OAuthApp.Subdomain)]),
        new(Shopify.ShopifyConnector.Key, "Shopify", ShopifyScopes, ["shopDomain"]),
        new(Meta.MetaConnector.Key, "Facebook", Meta.MetaConnector.Permissions, ["adAccountId"], LongLivedGrant: FacebookExchange),
        new(Social.SocialConnector.Key, "Facebook", Social.SocialConnector.SignInPermissions, ["pageId"], LongLivedGrant: FacebookExchange),
    ];

    /// <summary>Every callback path, once: providers that share an app share its redirect URI.</summary>
    public static IEnumerable<string> CallbackPaths => All.SelectMany(p => new[] { p.CallbackPath(false), p.CallbackPath(true) }).Distinct();

    public static OAuthProvider? For(string connector) => All.FirstOrDefault(p => p.Connector.Equals(connector, StringComparison.OrdinalIgnoreCase));
}
