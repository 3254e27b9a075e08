using AngleSharp.Dom;

namespace WorkPipelines.Domain.BrandAnalysis.Analysis;

/// <summary>The visible copy of a page as blocks of text (one per paragraph, heading, list item…), without scripts, navigation or footer.</summary>
internal static class PageText
{
    private static readonly HashSet<string> Hidden = ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "NAV", "FOOTER", "HEAD"];
    private static readonly HashSet<string> Blocks = ["P", "LI", "H1", "H2", "H3", "H4", "H5", "H6", "TD", "TH", "BLOCKQUOTE", "FIGCAPTION", "DT", "DD", "BUTTON", "A", "LABEL", "SPAN", "STRONG", "SMALL"];

    public static IReadOnlyList<string> All(IDocument document)
    {
        if (document.Body is null) return [];
        var blocks = new List<string>();
        foreach (var element in document.Body.Descendants<IElement>())
        {
            if (!Blocks.Contains(element.TagName) || IsHidden(element)) continue;
            // Innermost block elements only, so text is not counted twice.
            if (element.Descendants<IElement>().Any(d => Blocks.Contains(d.TagName))) continue;
            var text = Normalize(element.TextContent);
            if (text.Length > 0) blocks.Add(text);
        }
        return blocks;
    }

    /// <summary>Prose only (paragraphs and list items), for reading level.</summary>
    public static IReadOnlyList<string> Prose(IDocument document) =>
        document.QuerySelectorAll("p, li").Where(e => !IsHidden(e) && !e.QuerySelectorAll("p, li").Any())
            .Select(e => Normalize(e.TextContent)).Where(t => t.Length > 0).ToList();

    public static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static bool IsHidden(IElement element)
    {
        for (var e = element; e is not null; e = e.ParentElement)
            if (Hidden.Contains(e.TagName)) return true;
        return false;
    }
}
