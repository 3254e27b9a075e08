namespace WorkPipelines.Domain.Connectors;

/// <summary>A provider the product can connect, and the ways its credentials form offers.</summary>
/// <param name="Methods">The ways to connect, the recommended first (a sandbox connection uses it); most providers have one.</param>
/// <param name="ApiHost">Which host a real connection calls, for people ("api.stripe.com", "<subdomain>.zendesk.com"); see <see cref="ProviderHosts"/>.</param>
public sealed record ProviderInfo(string Key, string Title, string Brings, string Panel, IReadOnlyList<CredentialMethod> Methods, string ApiHost)
{
    /// <summary>Every field any method asks for, once by name (a stored connection holds one method's).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<CredentialField> Credentials => Methods.SelectMany(m => m.Fields).DistinctBy(f => f.Name).ToList();

    public CredentialMethod? FindMethod(string key) => Methods.FirstOrDefault(m => m.Key.Equals(key.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>"clientCredentials (shopDomain, clientId, clientSecret) or accessToken (shopDomain, accessToken)", for problems.</summary>
    public string MethodNames => string.Join(" or ", Methods.Select(m => $"{m.Key} ({string.Join(", ", m.Fields.Select(f => f.Name))})"));
}

/// <summary>One way to connect a provider: the fields it asks for, and where a person gets them.</summary>
/// <param name="Key">What the API's <c>method</c> names it ("clientCredentials").</param>
/// <param name="Guide">Where to create the credential (a menu path) and which permissions it needs, in a shop owner's words; null when the hints say it all.</param>
public sealed record CredentialMethod(string Key, string Title, IReadOnlyList<CredentialField> Fields, string? Guide = null);

/// <summary>One field of a provider's credentials form.</summary>
/// <param name="Lines">More than one for a pasted file (a key in JSON).</param>
/// <param name="Problem">What is wrong with a value, naming what is valid; null when it is fine. Checked before any call.</param>
public sealed record CredentialField(string Name, string Label, bool Secret, string? Hint = null, int Lines = 1,
    [property: System.Text.Json.Serialization.JsonIgnore] Func<string, string?>? Problem = null);

/// <summary>Every provider, in the order the UI shows them.</summary>
public static class ProviderCatalog
{
    public static IReadOnlyList<ProviderInfo> All { get; } =
    [
        new("stripe", "Stripe", "Charges, refunds, customers and subscriptions (MRR).", "revenue",
            [new("restrictedKey", "Restricted API key", [new("apiKey", "Secret API key", true, "rk_live_…: a restricted key with the Read permissions above (a secret key sk_live_… works too)")],
                Stripe.StripePermissions.Guide)],
            "api.stripe.com"),
        new("shopify", "Shopify", "Orders, line totals, refunds and customers.", "revenue",
            [new(Shopify.ShopifyAppCredentials.Method, "Dev Dashboard app (client ID and secret)",
                 [ShopDomain, new(Shopify.ShopifyAppCredentials.ClientIdField, "Client ID", false, "Dev Dashboard → your app → Settings"),
                  new(Shopify.ShopifyAppCredentials.ClientSecretField, "Client secret", true, "beside the client ID; Work Pipelines exchanges it for a token that lasts 24 hours, and again when needed")],
                 Shopify.ShopifyAppCredentials.Guide),
             new("accessToken", "Admin API access token (shpat_…)",
                 [ShopDomain, new("accessToken", "Admin API access token", true,
                     $"shpat_…, of an app with the {Shopify.ShopifyGraphQl.Scopes} scopes; without read_all_orders only the last 60 days of orders sync")],
                 "A custom app made in the shop admin before 2026 (Settings → Apps → Develop apps → your app → API credentials → Admin API access token). " +
                 "New custom apps can no longer be made there: use a Dev Dashboard app instead.")],
            "your shop's myshopify.com domain"),
        new("ga4", "Google Analytics 4", "Sessions, users, page views and engagement by day, channel and page.", "traffic",
            One(new("propertyId", "Property ID", false, "123456789: GA4 Admin → Property settings → Property details"),
             new(Ga4.GoogleServiceAccount.KeyField, "Service account key (JSON)", true,
                 "Paste the whole key file: Google Cloud console → IAM & Admin → Service accounts → Keys → Add key → JSON. " +
                 "Then add the service account's email (client_email) as a Viewer in GA4 Admin → Property access management. " +
                 "Enable the Google Analytics Data API in that Cloud project.",
                 Lines: 6, Problem: Ga4.GoogleServiceAccount.Problem)),
            "analyticsdata.googleapis.com and Google's token service oauth2.googleapis.com"),
        new("meta", "Meta Ads", "Spend, impressions, clicks, conversions and purchase value per campaign.", "ads",
            Guided($"Use a system user token, which does not expire: in Business Settings → Users → System users, add one and assign it the ad account " +
                    $"(Assign assets), then Generate new token with {Graph.GraphToken.Join(Meta.MetaConnector.Permissions)} and expiry Never. " +
                    "Tokens from the Graph API Explorer expire within hours and are refused.",
                new("adAccountId", "Ad account ID", false, "act_1234567890: Ads Manager → the account menu, or Business Settings → Accounts → Ad accounts"),
                new("accessToken", "Access token", true, "the system user token")),
            "graph.facebook.com"),
        new("social", "Facebook & Instagram", "The Page's followers, reach, engagement and posts, and its Instagram account's followers, reach, profile views and posts.", "social",
            Guided($"Use the Page's own token, got from a lasting one: in Business Settings → Users → System users, assign a system user the Page (Assign assets) and " +
                    $"Generate new token (expiry Never) with {Graph.GraphToken.Join(Social.SocialConnector.PagePermissions)}, and for Instagram also " +
                    "instagram_basic, instagram_manage_insights and pages_show_list. Then, in the Graph API Explorer with that token, ask " +
                    "GET /{page-id}?fields=access_token: the access_token it answers is the Page token, and it does not expire.",
                new("pageId", "Facebook Page ID", false, "the Page; the Instagram professional account connected to it is synced too"),
                new("accessToken", "Page access token", true, "the Page's own token (above)")),
            "graph.facebook.com"),
        new("mailchimp", "Mailchimp", "Campaigns, sends, opens, clicks and unsubscribes.", "email",
            One(new CredentialField("apiKey", "API key", true, $"…-us21, from {Mailchimp.MailchimpConnector.WhereToCreate}; the suffix is your data centre (us21.api.mailchimp.com). A key has your account's full rights and lasts until deleted")),
            "your data centre's api.mailchimp.com host, from the key"),
        new("zendesk", "Zendesk", "Tickets created and solved, first reply time, satisfaction.", "support",
            One(new("subdomain", "Subdomain", false, "yourcompany, as in yourcompany.zendesk.com"),
             new("email", "Admin email", false, "an admin's: Zendesk allows only admins to use the incremental export that syncs tickets; an agent's token is refused (403)"),
                new("apiToken", "API token", true, $"from {Zendesk.ZendeskConnector.WhereToCreate}; used with the admin email, it lasts until deleted")),
            "your subdomain's zendesk.com host"),
    ];

    private static CredentialField ShopDomain => new("shopDomain", "Shop domain", false, "yourshop.myshopify.com: the shop's myshopify.com domain, not a custom domain");

    /// <summary>The one way to connect of most providers.</summary>
    private static IReadOnlyList<CredentialMethod> One(params CredentialField[] fields) => [new("credentials", "Credentials", fields)];

    private static IReadOnlyList<CredentialMethod> Guided(string guide, params CredentialField[] fields) => [new("credentials", "Credentials", fields, guide)];

    public static ProviderInfo? Find(string key) => All.FirstOrDefault(p => p.Key.Equals(key, StringComparison.OrdinalIgnoreCase));

    public static string KnownKeys => string.Join(", ", All.Select(p => p.Key));
}
