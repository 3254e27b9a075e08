using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace WorkPipelines.Domain.BrandAnalysis.Analysis;

/// <summary>Headline, value propositions, keywords and phrases, calls to action, reading level, and cues of tone, audience and pricing.</summary>
internal static partial class VoiceAnalyzer
{
    private const int KeywordsKept = 15;
    private const int PhrasesKept = 10;
    private const int CallsKept = 20;

    public static BrandVoice Analyze(CrawledSite site)
    {
        var home = site.Pages[0];
        var h1 = home.Document.QuerySelector("h1");
        var valueProps = home.Document.QuerySelectorAll("h2").Select(h => PageText.Normalize(h.TextContent)).Where(t => t.Length > 0)
            .Distinct().Take(6).Select(t => new Finding(t, home.Address)).ToList();
        var blocks = site.Pages.Select(p => (Page: p, Blocks: PageText.All(p.Document))).ToList();

        return new BrandVoice(
            h1 is null ? null : new Finding(PageText.Normalize(h1.TextContent), home.Address),
            valueProps,
            Terms(blocks, 1, KeywordsKept),
            Terms(blocks, 2, PhrasesKept, minCount: 2).Concat(Terms(blocks, 3, PhrasesKept, minCount: 2))
                .OrderByDescending(t => t.Count).ThenBy(t => t.Term, StringComparer.Ordinal).Take(PhrasesKept).ToList(),
            CallsToAction(site),
            Reading(site),
            VoiceCues.Tone(blocks),
            VoiceCues.Audience(blocks),
            VoiceCues.Pricing(blocks));
    }

    /// <summary>Runs of <paramref name="length"/> words with no stop word, counted over every page, most used first.</summary>
    private static List<TermUse> Terms(List<(CrawledPage Page, IReadOnlyList<string> Blocks)> pages, int length, int kept, int minCount = 1)
    {
        var terms = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var (page, blocks) in pages)
            foreach (var block in blocks)
            {
                var words = Words(block);
                for (var i = 0; i + length <= words.Count; i++)
                {
                    var run = words.GetRange(i, length);
                    if (run.Any(w => w.Length < 3 || StopWords.English.Contains(w))) continue;
                    terms.For(string.Join(' ', run)).Add([page.Address]);
                }
            }
        return terms.Where(t => t.Value.Uses >= minCount).OrderByDescending(t => t.Value.Uses).ThenBy(t => t.Key, StringComparer.Ordinal)
            .Take(kept).Select(t => new TermUse(t.Key, t.Value.Uses, t.Value.Pages)).ToList();
    }

    internal static List<string> Words(string text) => Word().Matches(text.ToLowerInvariant()).Select(m => m.Value.Trim('\'')).Where(w => w.Length > 0).ToList();

    private static List<CallToAction> CallsToAction(CrawledSite site)
    {
        var calls = new List<CallToAction>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var page in site.Pages)
            foreach (var element in page.Document.QuerySelectorAll("a, button, input[type=submit]"))
            {
                var text = PageText.Normalize(element.TagName == "INPUT" ? element.GetAttribute("value") ?? "" : element.TextContent);
                if (text.Length is 0 or > 40 || !IsCallToAction(element, text) || !seen.Add(text)) continue;
                var href = element.GetAttribute("href") is { } h ? IdentityAnalyzer.Absolute(page, h) : null;
                calls.Add(new CallToAction(text, href, page.Address));
            }
        return calls.Take(CallsKept).ToList();
    }

    private static bool IsCallToAction(IElement element, string text)
    {
        var styled = ButtonClass().IsMatch(element.GetAttribute("class") ?? "") || element.TagName is "BUTTON" or "INPUT";
        var verb = ActionVerb().IsMatch(text);
        return verb && (styled || text.Contains(' '));
    }

    private static ReadingLevel? Reading(CrawledSite site)
    {
        var prose = site.Pages.SelectMany(p => PageText.Prose(p.Document)).ToList();
        var sentences = prose.Sum(p => Math.Max(1, SentenceEnd().Matches(p).Count));
        var words = prose.SelectMany(Words).ToList();
        if (words.Count < 20) return null;
        var syllables = words.Sum(Syllables);
        var score = Math.Round(206.835 - 1.015 * words.Count / sentences - 84.6 * syllables / words.Count, 1);
        return new ReadingLevel(score, Label(score), words.Count, sentences);
    }

    /// <summary>The usual Flesch bands.</summary>
    internal static string Label(double score) => score switch
    {
        >= 90 => "very easy",
        >= 80 => "easy",
        >= 70 => "fairly easy",
        >= 60 => "plain English",
        >= 50 => "fairly difficult",
        >= 30 => "difficult",
        _ => "very difficult",
    };

    /// <summary>Vowel groups, less a silent final e, at least one.</summary>
    internal static int Syllables(string word)
    {
        var count = VowelGroup().Matches(word).Count;
        if (word.Length > 2 && word.EndsWith('e') && !word.EndsWith("le", StringComparison.Ordinal) && count > 1) count--;
        return Math.Max(1, count);
    }

    [GeneratedRegex(@"[\p{L}][\p{L}'’]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"[.!?]+(\s|$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[aeiouy]+")]
    private static partial Regex VowelGroup();

    [GeneratedRegex(@"\b(btn|button|cta)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ButtonClass();

    [GeneratedRegex(@"^(get|start|try|buy|shop|sign up|join|book|request|schedule|contact|subscribe|download|order|add to|learn more|see|talk|claim|create|explore|discover|watch|view|compare|choose)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ActionVerb();
}
