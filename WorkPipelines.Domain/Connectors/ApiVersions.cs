namespace WorkPipelines.Domain.Connectors;

/// <summary>
/// A provider API version a connector calls, with the last day the provider says it still answers
/// and the page that says so. <paramref name="Api"/> names the API as the provider does.
/// </summary>
public sealed record ApiVersion(string Api, string Version, DateOnly EndOfSupport, string Source);

/// <summary>
/// Every provider API version the connectors pin, in one table: a test fails on the day any of them
/// passes its end of support, so the project hears of it before its users do. To pin a provider,
/// add a field and list it in <see cref="All"/>; the connector reads its version from the field.
/// </summary>
public static class ApiVersions
{
    /// <summary>
    /// Graph API for Facebook Pages and Instagram. Meta lists v27.0 (released 2026-11-04) as "TBD"; its
    /// versioning guide guarantees every Graph version "for at least two years" from release, so
    /// 2028-11-04 is the latest date we may count on. (v25.0, the newest with a set date, ends 2028-07-29.)
    /// Sources: https://developers.facebook.com/docs/graph-api/changelog/versions/ ,
    /// https://developers.facebook.com/docs/graph-api/guides/versioning (checked 2026-12).
    /// </summary>
    public static readonly ApiVersion MetaGraph = new("Meta Graph API", "v27.0", new DateOnly(2028, 11, 4),
        "https://developers.facebook.com/docs/graph-api/changelog/versions/");

    /// <summary>
    /// Marketing API (Meta Ads insights). Meta lists v27.0 (released 2026-11-04) as "TBD" and promises only
    /// 90 days after the next version; every version since v22.0 expired 12–13 months after release
    /// (v24.0: 2026-11-10, v25.0: 2027-02-23), so we count on 12 months and look again then.
    /// Sources: https://developers.facebook.com/docs/marketing-api/marketing-api-changelog/versions ,
    /// https://developers.facebook.com/docs/marketing-api/overview/versioning (checked 2026-12).
    /// </summary>
    public static readonly ApiVersion MetaMarketing = new("Meta Marketing API", "v27.0", new DateOnly(2027, 11, 4),
        "https://developers.facebook.com/docs/marketing-api/marketing-api-changelog/versions");

    /// <summary>
    /// Shopify's GraphQL Admin API. Shopify releases a stable version each quarter and supports each for at least
    /// 12 months; 2026-10 is the newest stable version in December 2026, supported until 2027-10-01 (release schedule
    /// table of https://shopify.dev/docs/api/usage/versioning, checked 2026-12).
    /// </summary>
    public static readonly ApiVersion ShopifyAdmin = new("Shopify GraphQL Admin API", "2026-10", new DateOnly(2027, 10, 1),
        "https://shopify.dev/docs/api/usage/versioning");

    // Stripe is not here: Stripe.net pins its API version (2026-10-28.endive for 53.1.0) and Stripe publishes no end
    // of support for API versions (https://docs.stripe.com/api-versions). GA4's Data API v1beta, Mailchimp's 3.0 and
    // Zendesk's v2 have no announced end either.

    public static IReadOnlyList<ApiVersion> All { get; } = [MetaGraph, MetaMarketing, ShopifyAdmin];
}
