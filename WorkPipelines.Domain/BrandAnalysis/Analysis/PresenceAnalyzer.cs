namespace WorkPipelines.Domain.BrandAnalysis.Analysis;

/// <summary>Social profiles linked from the site and the ways to reach the business.</summary>
internal static class PresenceAnalyzer
{
    private static readonly (string Host, string Network)[] Networks =
    [
        ("facebook.com", "Facebook"), ("instagram.com", "Instagram"), ("twitter.com", "X (Twitter)"), ("x.com", "X (Twitter)"),
        ("linkedin.com", "LinkedIn"), ("youtube.com", "YouTube"), ("tiktok.com", "TikTok"), ("pinterest.com", "Pinterest"),
        ("github.com", "GitHub"), ("threads.net", "Threads"), ("bsky.app", "Bluesky"),
    ];

    // Links that share a page rather than lead to the brand's profile.
    private static readonly string[] ShareMarkers = ["sharer", "/share", "intent/", "shareArticle", "/pin/create"];

    public static BrandPresence Analyze(CrawledSite site)
    {
        var social = new List<SocialProfile>();
        var contacts = new List<ContactPoint>();
        foreach (var page in site.Pages)
            foreach (var link in page.Document.QuerySelectorAll("a[href]"))
            {
                var href = link.GetAttribute("href")!.Trim();
                if (href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) Add(contacts, new ContactPoint("email", href[7..].Split('?')[0], page.Address));
                else if (href.StartsWith("tel:", StringComparison.OrdinalIgnoreCase)) Add(contacts, new ContactPoint("phone", href[4..], page.Address));
                else if (Uri.TryCreate(href, UriKind.Absolute, out var url) && Network(url) is { } network && !ShareMarkers.Any(href.Contains)
                         && !social.Any(s => string.Equals(s.Url.TrimEnd('/'), url.ToString().TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
                    social.Add(new SocialProfile(network, url.ToString(), page.Address));
            }
        foreach (var page in site.Pages.Where(p => p.Url.AbsolutePath.Contains("contact", StringComparison.OrdinalIgnoreCase)))
            Add(contacts, new ContactPoint("page", page.Address, page.Address));
        return new BrandPresence(social, contacts);
    }

    private static string? Network(Uri url)
    {
        var host = url.Host.ToLowerInvariant();
        return Networks.FirstOrDefault(n => host == n.Host || host.EndsWith("." + n.Host, StringComparison.Ordinal)).Network;
    }

    private static void Add(List<ContactPoint> contacts, ContactPoint point)
    {
        if (!contacts.Any(c => c.Kind == point.Kind && string.Equals(c.Value, point.Value, StringComparison.OrdinalIgnoreCase))) contacts.Add(point);
    }
}
