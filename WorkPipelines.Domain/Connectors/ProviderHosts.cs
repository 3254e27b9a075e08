using System.Text.RegularExpressions;

namespace WorkPipelines.Domain.Connectors;

/// <summary>
/// Where a real provider's API is: always the provider's own host, built from what the connect form asks (the shop's
/// myshopify.com domain, the Zendesk subdomain, the data centre at the end of a Mailchimp key), never an address
/// someone types. A user can choose which shop, not which server.
/// </summary>
public static partial class ProviderHosts
{
    /// <summary>
    /// The API root for these credentials, or the problem with them naming what is valid. Normalises the fields that
    /// decide the host in place ("https://Acme.myshopify.com/" and "acme" both become "acme.myshopify.com").
    /// </summary>
    public static (Uri? BaseUrl, string? Problem) Derive(string provider, IDictionary<string, string> credentials)
    {
        switch (provider)
        {
            case Stripe.StripeConnector.Key:
                return (new Uri("https://api.stripe.com/"), null);
            case Ga4.Ga4Connector.Key:
                return (new Uri("https://analyticsdata.googleapis.com/"), null);
            case Meta.MetaConnector.Key or Social.SocialConnector.Key:
                return (new Uri("https://graph.facebook.com/"), null);
            case Shopify.ShopifyConnector.Key:
                if (ShopDomain().Match(Field(credentials, "shopDomain")) is not { Success: true } shop)
                    return (null, $"Shop domain must be the shop's myshopify.com domain, e.g. acme.myshopify.com (letters, digits and hyphens before .myshopify.com); got '{Shown(credentials, "shopDomain")}'.");
                credentials["shopDomain"] = shop.Groups["name"].Value + ".myshopify.com";
                return (new Uri($"https://{credentials["shopDomain"]}/"), null);
            case Zendesk.ZendeskConnector.Key:
                if (ZendeskSubdomain().Match(Field(credentials, "subdomain")) is not { Success: true } account)
                    return (null, $"Subdomain must be your Zendesk subdomain, the 'acme' of acme.zendesk.com (letters, digits and hyphens); got '{Shown(credentials, "subdomain")}'.");
                credentials["subdomain"] = account.Groups["name"].Value;
                return (new Uri($"https://{credentials["subdomain"]}.zendesk.com/"), null);
            case Mailchimp.MailchimpConnector.Key when credentials.ContainsKey(Mailchimp.MailchimpConnector.DataCentreField):
                // A signed-in connection's data centre, as Mailchimp's OAuth metadata said it ("dc": "us21").
                if (DataCentre().Match(Field(credentials, Mailchimp.MailchimpConnector.DataCentreField)) is not { Success: true } dc)
                    return (null, $"The Mailchimp data centre must be like us21 (two letters, then digits); got '{Shown(credentials, Mailchimp.MailchimpConnector.DataCentreField)}'. Reconnect with Mailchimp.");
                return (new Uri($"https://{dc.Value}.api.mailchimp.com/"), null);
            case Mailchimp.MailchimpConnector.Key:
                // The key is a secret: the problem describes it and never repeats it.
                if (MailchimpKey().Match(Field(credentials, "apiKey")) is not { Success: true } key)
                    return (null, "API key must be a Mailchimp API key ending with its data centre, e.g. …-us21 (Account → Extras → API keys); the data centre names your account's server.");
                return (new Uri($"https://{key.Groups["dc"].Value.ToLowerInvariant()}.api.mailchimp.com/"), null);
            default:
                return (null, $"unknown provider '{provider}'; known: {ProviderCatalog.KnownKeys}");
        }
    }

    /// <summary>What decides the host, for messages: "the shop domain".</summary>
    public static string DerivedFrom(string provider) => provider switch
    {
        Shopify.ShopifyConnector.Key => "the shop domain (shopDomain, e.g. acme.myshopify.com)",
        Zendesk.ZendeskConnector.Key => "the subdomain (subdomain, the 'acme' of acme.zendesk.com)",
        Mailchimp.MailchimpConnector.Key => "the data centre at the end of the API key (…-us21 means us21.api.mailchimp.com)",
        _ => "nothing you enter: it is always the same",
    };

    private static string Field(IDictionary<string, string> credentials, string name) =>
        credentials.TryGetValue(name, out var value) ? value.Trim().ToLowerInvariant() : "";

    private static string Shown(IDictionary<string, string> credentials, string name)
    {
        var value = credentials.TryGetValue(name, out var v) ? v.Trim() : "";
        return value.Length > 80 ? value[..80] + "…" : value;
    }

    // A DNS label (no leading or trailing hyphen), optionally written as the full host or as an https:// address.
    [GeneratedRegex(@"^(https?://)?(?<name>[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.myshopify\.com)?/?$")]
    private static partial Regex ShopDomain();

    [GeneratedRegex(@"^(https?://)?(?<name>[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.zendesk\.com)?/?$")]
    private static partial Regex ZendeskSubdomain();

    [GeneratedRegex(@"^[a-z]{2}[0-9]{1,3}$")]
    private static partial Regex DataCentre();

    [GeneratedRegex(@"^[0-9a-z]{8,64}-(?<dc>[a-z]{2}[0-9]{1,3})$")]
    private static partial Regex MailchimpKey();
}
