using System.Text.RegularExpressions;

namespace WorkPipelines.Domain.BrandAnalysis.Analysis;

/// <summary>Signals in the copy: how it sounds (tone), who it talks to (audience), how it sells (pricing). Each cue keeps its words and page.</summary>
internal static partial class VoiceCues
{
    private static readonly (string Label, Regex Pattern)[] ToneWords =
    [
        ("confident", Confident()),
        ("urgent", Urgent()),
        ("reassuring", Reassuring()),
        ("friendly", Friendly()),
    ];

    public static List<Cue> Tone(List<(CrawledPage Page, IReadOnlyList<string> Blocks)> pages)
    {
        var cues = new List<Cue>();
        var you = Count(pages, SecondPerson());
        var we = Count(pages, FirstPerson());
        if (you.Count > 0 || we.Count > 0)
        {
            var (label, page) = you.Count >= we.Count ? ("speaks to the reader", you.Page) : ("talks about itself", we.Page);
            cues.Add(new Cue(label, $"“you/your” {you.Count}×, “we/our” {we.Count}×", page!));
        }
        var bangs = Count(pages, Exclamation());
        if (bangs.Count >= 2) cues.Add(new Cue("energetic", $"{bangs.Count} exclamation marks", bangs.Page!));
        foreach (var (label, pattern) in ToneWords)
            if (Matches(pages, pattern) is { Count: > 0 } found) cues.Add(new Cue(label, Evidence(found), found[0].Page));
        return cues;
    }

    public static List<Cue> Audience(List<(CrawledPage Page, IReadOnlyList<string> Blocks)> pages) =>
        Matches(pages, AudienceFor()).GroupBy(m => m.Groups[1].ToLowerInvariant())
            .Select(g => new Cue(g.Key, g.First().Text, g.First().Page)).ToList();

    public static List<Cue> Pricing(List<(CrawledPage Page, IReadOnlyList<string> Blocks)> pages)
    {
        var prices = Matches(pages, Price()).DistinctBy(m => m.Text).ToList();
        var cues = new List<Cue>();
        if (prices.Count > 0) cues.Add(new Cue("price points", string.Join(", ", prices.Take(6).Select(p => p.Text)), prices[0].Page));
        foreach (var offer in Matches(pages, Offer()).DistinctBy(m => m.Text.ToLowerInvariant()))
            cues.Add(new Cue(offer.Text.ToLowerInvariant(), offer.Text, offer.Page));
        return cues;
    }

    private static List<(string Text, string[] Groups, string Page)> Matches(List<(CrawledPage Page, IReadOnlyList<string> Blocks)> pages, Regex pattern) =>
        pages.SelectMany(p => p.Blocks.SelectMany(b => pattern.Matches(b)
            .Select(m => (m.Value.Trim(), m.Groups.Values.Select(g => g.Value).ToArray(), p.Page.Address)))).ToList();

    private static (int Count, string? Page) Count(List<(CrawledPage Page, IReadOnlyList<string> Blocks)> pages, Regex pattern)
    {
        var perPage = pages.Select(p => (Count: p.Blocks.Sum(b => pattern.Matches(b).Count), p.Page.Address)).ToList();
        var best = perPage.MaxBy(p => p.Count);
        return (perPage.Sum(p => p.Count), best.Count > 0 ? best.Address : null);
    }

    private static string Evidence(List<(string Text, string[] Groups, string Page)> found) =>
        string.Join(", ", found.Select(f => f.Text.ToLowerInvariant()).Distinct().Take(5).Select(t => $"“{t}”"));

    [GeneratedRegex(@"\b(you|your|yours)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SecondPerson();

    [GeneratedRegex(@"\b(we|our|ours|us)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FirstPerson();

    [GeneratedRegex(@"!")]
    private static partial Regex Exclamation();

    [GeneratedRegex(@"\b(best|leading|world-class|#1|number one|fastest|most trusted|award-winning|unmatched|ultimate|revolutionary)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Confident();

    [GeneratedRegex(@"\b((?:order|buy|shop|join|sign up|start) (?:today|now)|today only|limited time|hurry|last chance|don['’]t miss|ends soon)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Urgent();

    [GeneratedRegex(@"\b(guarantee[d]?|secure|trusted by|risk-free|no credit card|cancel any ?time|money-back)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Reassuring();

    [GeneratedRegex(@"\b(you['’]re|we['’]re|we['’]ll|it['’]s|let['’]s|don['’]t|hey|love)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Friendly();

    [GeneratedRegex(@"\bfor (small business(?:es)?|teams|startups|enterprises?|agencies|developers|marketers|creators|freelancers|families|parents|kids|students|professionals|designers|retailers|brands|nonprofits|makers|shops|online stores)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AudienceFor();

    [GeneratedRegex(@"[$€£]\s?\d[\d,]*(?:\.\d{2})?(?:\s?(?:/|per )\s?(?:month|mo|year|yr|user|seat))?", RegexOptions.IgnoreCase)]
    private static partial Regex Price();

    [GeneratedRegex(@"\b(free trial|free plan|free forever|money-back guarantee|contact sales|billed annually|free shipping|\d{1,2}% off)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Offer();
}
