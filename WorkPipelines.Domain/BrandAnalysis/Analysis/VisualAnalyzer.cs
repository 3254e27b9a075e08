using System.Globalization;
using System.Text.RegularExpressions;

namespace WorkPipelines.Domain.BrandAnalysis.Analysis;

/// <summary>Colours (from stylesheets, &lt;style&gt;, style attributes and theme-color) ranked by use, and fonts with web-font sources.</summary>
internal static partial class VisualAnalyzer
{
    private const int PaletteSize = 12;

    private static readonly HashSet<string> GenericFamilies = new(StringComparer.OrdinalIgnoreCase)
    {
        "serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "ui-sans-serif", "ui-serif", "ui-monospace",
        "-apple-system", "blinkmacsystemfont", "inherit", "initial", "unset", "emoji", "math",
    };

    public static BrandVisual Analyze(CrawledSite site)
    {
        var css = CssSources(site).ToList();
        var colors = new Dictionary<string, Tally>();
        foreach (var (text, pages) in css)
            foreach (var hex in Colors(text)) colors.For(hex).Add(pages);
        foreach (var page in site.Pages)
            if (page.Document.QuerySelector("meta[name=theme-color]")?.GetAttribute("content") is { } theme && Colors(theme).FirstOrDefault() is { } hex)
                colors.For(hex).Add([page.Address]);

        var palette = colors.OrderByDescending(c => c.Value.Uses).ThenBy(c => c.Key, StringComparer.Ordinal).Take(PaletteSize)
            .Select(c => new ColorUse(c.Key, c.Value.Uses, IsNeutral(c.Key), c.Value.Pages)).ToList();
        return new BrandVisual(palette, Fonts(site, css));
    }

    /// <summary>Every piece of CSS with the pages it applies to.</summary>
    private static IEnumerable<(string Css, IReadOnlyList<string> Pages)> CssSources(CrawledSite site)
    {
        foreach (var sheet in site.Stylesheets) yield return (sheet.Css, sheet.Pages);
        foreach (var page in site.Pages)
        {
            foreach (var style in page.Document.QuerySelectorAll("style")) yield return (style.TextContent, [page.Address]);
            foreach (var element in page.Document.QuerySelectorAll("[style]")) yield return (element.GetAttribute("style")!, [page.Address]);
        }
    }

    private static IEnumerable<string> Colors(string css)
    {
        foreach (Match m in HexColor().Matches(css))
        {
            var hex = m.Groups[1].Value.ToLowerInvariant();
            yield return "#" + (hex.Length is 3 or 4 ? string.Concat(hex[..3].Select(c => $"{c}{c}")) : hex[..6]);
        }
        foreach (Match m in RgbColor().Matches(css))
        {
            var channels = new[] { m.Groups[1], m.Groups[2], m.Groups[3] }.Select(g => Math.Clamp(int.Parse(g.Value, CultureInfo.InvariantCulture), 0, 255));
            yield return "#" + string.Concat(channels.Select(c => c.ToString("x2", CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>White, black and greys: channels within 16 of each other.</summary>
    internal static bool IsNeutral(string hex)
    {
        var channels = Enumerable.Range(0, 3).Select(i => int.Parse(hex.AsSpan(1 + 2 * i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToList();
        return channels.Max() - channels.Min() <= 16;
    }

    private static List<FontUse> Fonts(CrawledSite site, List<(string Css, IReadOnlyList<string> Pages)> css)
    {
        var uses = new Dictionary<string, Tally>(StringComparer.OrdinalIgnoreCase);
        void Add(string family, bool web, bool declared, IEnumerable<string> pages)
        {
            var tally = uses.For(family).Add(pages, declared ? 1 : 0);
            tally.Flag |= web;
        }

        foreach (var (text, pages) in css)
        {
            foreach (Match face in FontFace().Matches(text))
                if (FirstFamily(face.Groups[1].Value) is { } family) Add(family, web: true, declared: false, pages);
            foreach (Match declaration in FontFamily().Matches(FontFace().Replace(text, "")))
                if (FirstFamily(declaration.Groups[1].Value) is { } family) Add(family, web: false, declared: true, pages);
        }
        foreach (var page in site.Pages)
            foreach (var link in page.Document.QuerySelectorAll("link[href*='fonts.googleapis.com'], link[href*='fonts.bunny.net']"))
                foreach (Match family in GoogleFamily().Matches(link.GetAttribute("href")!))
                    Add(Uri.UnescapeDataString(family.Groups[1].Value.Replace('+', ' ')), web: true, declared: false, [page.Address]);

        return uses.OrderByDescending(f => f.Value.Uses).ThenBy(f => f.Key, StringComparer.OrdinalIgnoreCase)
            .Select(f => new FontUse(f.Key, f.Value.Uses, f.Value.Flag, f.Value.Pages)).ToList();
    }

    /// <summary>The first named (non-generic) family of a font-family list.</summary>
    private static string? FirstFamily(string list) =>
        list.Split(',').Select(f => f.Trim().Trim('"', '\'').Trim()).FirstOrDefault(f => f.Length > 0 && !GenericFamilies.Contains(f) && !f.StartsWith("var(", StringComparison.Ordinal));

    [GeneratedRegex(@"#([0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})\b")]
    private static partial Regex HexColor();

    [GeneratedRegex(@"rgba?\(\s*(\d{1,3})\s*[,\s]\s*(\d{1,3})\s*[,\s]\s*(\d{1,3})", RegexOptions.IgnoreCase)]
    private static partial Regex RgbColor();

    [GeneratedRegex(@"font-family\s*:\s*([^;}{]+)", RegexOptions.IgnoreCase)]
    private static partial Regex FontFamily();

    [GeneratedRegex(@"@font-face\s*{[^}]*?font-family\s*:\s*([^;}]+)[^}]*}", RegexOptions.IgnoreCase)]
    private static partial Regex FontFace();

    [GeneratedRegex(@"family=([^:&;]+)")]
    private static partial Regex GoogleFamily();
}
