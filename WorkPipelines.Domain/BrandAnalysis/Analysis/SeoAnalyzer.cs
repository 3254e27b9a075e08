using AngleSharp.Dom;

namespace WorkPipelines.Domain.BrandAnalysis.Analysis;

/// <summary>The SEO checklist: per page (title, description, one H1, alt text, canonical, indexable, structured data) and per site (robots.txt, sitemap).</summary>
internal static class SeoAnalyzer
{
    public const int TitleMin = 10, TitleMax = 60, DescriptionMin = 50, DescriptionMax = 160;

    /// <summary>The site checklist: the home page's checks followed by the site-wide ones.</summary>
    public static List<SeoCheck> SiteChecks(CrawledSite site, IReadOnlyList<SeoCheck> homeChecks) =>
    [
        .. homeChecks,
        new("robots", "robots.txt", site.HasRobotsTxt, site.HasRobotsTxt ? "robots.txt is served" : "no robots.txt (every page may be crawled)", null),
        new("sitemap", "Sitemap", site.HasSitemap, site.HasSitemap ? $"sitemap at {site.SitemapUrl}" : $"no sitemap at {site.SitemapUrl}", null),
    ];

    public static PageDetail Page(CrawledPage page)
    {
        var doc = page.Document;
        var title = PageText.Normalize(doc.Title ?? "");
        var description = PageText.Normalize(IdentityAnalyzer.Meta(doc, "description") ?? "");
        var h1 = doc.QuerySelectorAll("h1").Select(h => PageText.Normalize(h.TextContent)).ToList();
        var images = doc.QuerySelectorAll("img").ToList();
        var withAlt = images.Count(i => i.HasAttribute("alt"));
        var canonical = doc.QuerySelector("link[rel=canonical][href]")?.GetAttribute("href");
        var robots = (IdentityAnalyzer.Meta(doc, "robots") ?? "") + " " + page.Headers.GetValueOrDefault("x-robots-tag", "");
        var structured = StructuredDataTypes(doc);
        var at = page.Address;

        List<SeoCheck> checks =
        [
            new("title", "Title length", title.Length is >= TitleMin and <= TitleMax,
                title.Length == 0 ? "no <title>" : $"{title.Length} characters (aim for {TitleMin}–{TitleMax})", at),
            new("description", "Meta description length", description.Length is >= DescriptionMin and <= DescriptionMax,
                description.Length == 0 ? "no meta description" : $"{description.Length} characters (aim for {DescriptionMin}–{DescriptionMax})", at),
            new("h1", "Exactly one H1", h1.Count == 1, h1.Count == 1 ? $"“{h1[0]}”" : $"{h1.Count} H1 headings", at),
            new("alt", "Images have alt text", withAlt == images.Count,
                images.Count == 0 ? "no images" : $"{withAlt} of {images.Count} images ({100 * withAlt / images.Count}%)", at),
            new("canonical", "Canonical URL", canonical is not null, canonical ?? "no <link rel=canonical>", at),
            new("indexable", "Indexable (no noindex)", !robots.Contains("noindex", StringComparison.OrdinalIgnoreCase),
                robots.Contains("noindex", StringComparison.OrdinalIgnoreCase) ? "noindex is set" : "no noindex", at),
            new("structured-data", "Structured data", structured.Count > 0,
                structured.Count > 0 ? string.Join(", ", structured) : "no JSON-LD or microdata", at),
        ];
        var words = PageText.All(doc).Sum(b => VoiceAnalyzer.Words(b).Count);
        return new PageDetail(at, page.StatusCode, title.Length > 0 ? title : null, description.Length > 0 ? description : null,
            h1, words, images.Count, withAlt, checks);
    }

    private static List<string> StructuredDataTypes(IDocument doc)
    {
        var types = IdentityAnalyzer.JsonLdValues(doc, "@type").Select(t => $"JSON-LD {t}").ToList();
        types.AddRange(doc.QuerySelectorAll("[itemscope][itemtype]").Select(e => $"microdata {e.GetAttribute("itemtype")!.Split('/')[^1]}"));
        return types.Distinct().ToList();
    }
}
