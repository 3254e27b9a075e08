using System.Text.Json;
using AngleSharp.Dom;

namespace WorkPipelines.Domain.BrandAnalysis.Analysis;

/// <summary>Name, title, description, cards, logo, favicon and theme colour, read from the home page (other pages fill gaps).</summary>
internal static class IdentityAnalyzer
{
    private static readonly char[] TitleSeparators = ['|', '–', '—', '·', ':'];

    public static BrandIdentity Analyze(CrawledSite site)
    {
        var home = site.Pages[0];
        var doc = home.Document;
        Finding? From(CrawledPage page, string? value) => string.IsNullOrWhiteSpace(value) ? null : new Finding(PageText.Normalize(value), page.Address);

        var title = From(home, doc.Title);
        var name = From(home, Meta(doc, "og:site_name"))
            ?? From(home, Meta(doc, "application-name"))
            ?? From(home, JsonLdValues(doc, "name").FirstOrDefault())
            ?? (title is null ? null : new Finding(title.Value.Split(TitleSeparators)[0].Split(" - ")[0].Trim(), title.Page));

        var logo = JsonLdValues(doc, "logo").FirstOrDefault() is { } ldLogo ? new Finding(Absolute(home, ldLogo), home.Address)
            : doc.QuerySelectorAll("img").FirstOrDefault(img => Mentions(img, "logo")) is { } img && img.GetAttribute("src") is { } src ? new Finding(Absolute(home, src), home.Address)
            : null;
        var favicon = doc.QuerySelectorAll("link[rel][href]").FirstOrDefault(l => l.GetAttribute("rel")!.Split(' ').Contains("icon", StringComparer.OrdinalIgnoreCase))
            ?? doc.QuerySelector("link[rel=apple-touch-icon][href]");
        var cards = site.Pages.Take(1).SelectMany(p => p.Document.QuerySelectorAll("meta[content]")
                .Select(m => (Property: m.GetAttribute("property") ?? m.GetAttribute("name") ?? "", Content: m.GetAttribute("content")!, p.Address)))
            .Where(m => m.Property.StartsWith("og:", StringComparison.OrdinalIgnoreCase) || m.Property.StartsWith("twitter:", StringComparison.OrdinalIgnoreCase))
            .Select(m => new MetaCard(m.Property.ToLowerInvariant(), m.Content, m.Address)).ToList();

        return new BrandIdentity(name, title, From(home, Meta(doc, "description")), logo,
            favicon is null ? null : new Finding(Absolute(home, favicon.GetAttribute("href")!), home.Address),
            site.Pages.Select(p => From(p, Meta(p.Document, "theme-color"))).FirstOrDefault(f => f is not null), cards);
    }

    /// <summary>The content of a meta tag by name or property.</summary>
    internal static string? Meta(IDocument doc, string key) =>
        doc.QuerySelectorAll("meta[content]").FirstOrDefault(m =>
            string.Equals(m.GetAttribute("name"), key, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(m.GetAttribute("property"), key, StringComparison.OrdinalIgnoreCase))?.GetAttribute("content");

    /// <summary>String values of a property in the page's JSON-LD (top-level objects and @graph items; logo may be an ImageObject).</summary>
    internal static IEnumerable<string> JsonLdValues(IDocument doc, string property)
    {
        foreach (var script in doc.QuerySelectorAll("script[type='application/ld+json']"))
        {
            JsonElement root;
            try { root = JsonDocument.Parse(script.TextContent).RootElement.Clone(); }
            catch (JsonException) { continue; }
            var items = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList()
                : root.TryGetProperty("@graph", out var graph) && graph.ValueKind == JsonValueKind.Array ? graph.EnumerateArray().ToList() : [root];
            foreach (var item in items.Where(i => i.ValueKind == JsonValueKind.Object))
            {
                if (!item.TryGetProperty(property, out var value)) continue;
                if (value.ValueKind == JsonValueKind.String) yield return value.GetString()!;
                else if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String) yield return url.GetString()!;
            }
        }
    }

    internal static string Absolute(CrawledPage page, string href) => Uri.TryCreate(page.Url, href, out var url) ? url.ToString() : href;

    private static bool Mentions(IElement element, string word) =>
        new[] { "class", "id", "alt", "src" }.Any(a => element.GetAttribute(a)?.Contains(word, StringComparison.OrdinalIgnoreCase) == true);
}
