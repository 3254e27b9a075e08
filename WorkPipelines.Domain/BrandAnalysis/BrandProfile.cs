using System.Text.Json;
using System.Text.Json.Serialization;

namespace WorkPipelines.Domain.BrandAnalysis;

/// <summary>What a brand analysis found on a site. Every finding names the page it came from.</summary>
public sealed record BrandProfile(
    string SiteUrl,
    DateTimeOffset AnalyzedAt,
    BrandIdentity Identity,
    BrandVisual Visual,
    BrandVoice Voice,
    BrandPresence Presence,
    IReadOnlyList<TechFinding> Technology,
    IReadOnlyList<SeoCheck> Seo,
    IReadOnlyList<PageDetail> Pages,
    IReadOnlyList<string> Notes);

/// <summary>A value and the page it was read on.</summary>
public sealed record Finding(string Value, string Page);

public sealed record BrandIdentity(
    Finding? Name, Finding? Title, Finding? Description, Finding? Logo, Finding? Favicon, Finding? ThemeColor,
    IReadOnlyList<MetaCard> Cards);

/// <summary>An Open Graph or Twitter card property (og:title, twitter:card…).</summary>
public sealed record MetaCard(string Property, string Content, string Page);

public sealed record BrandVisual(IReadOnlyList<ColorUse> Palette, IReadOnlyList<FontUse> Fonts);

/// <summary>A colour as #rrggbb, how often it is used, whether it is a neutral (white, black, grey), and where.</summary>
public sealed record ColorUse(string Hex, int Uses, bool IsNeutral, IReadOnlyList<string> Pages);

/// <summary>A font family, how often it is declared, whether a web-font service or @font-face loads it, and where.</summary>
public sealed record FontUse(string Family, int Uses, bool IsWebFont, IReadOnlyList<string> Pages);

public sealed record BrandVoice(
    Finding? Headline,
    IReadOnlyList<Finding> ValuePropositions,
    IReadOnlyList<TermUse> Keywords,
    IReadOnlyList<TermUse> Phrases,
    IReadOnlyList<CallToAction> CallsToAction,
    ReadingLevel? ReadingLevel,
    IReadOnlyList<Cue> Tone,
    IReadOnlyList<Cue> Audience,
    IReadOnlyList<Cue> Pricing);

public sealed record TermUse(string Term, int Count, IReadOnlyList<string> Pages);

public sealed record CallToAction(string Text, string? Href, string Page);

/// <summary>Flesch reading ease (0-100, higher is easier) over the analysed text, with its usual label.</summary>
public sealed record ReadingLevel(double FleschScore, string Label, int Words, int Sentences);

/// <summary>A signal in the copy (tone "confident", audience "small businesses", price "$29/mo") with the words that show it.</summary>
public sealed record Cue(string Label, string Evidence, string Page);

public sealed record BrandPresence(IReadOnlyList<SocialProfile> Social, IReadOnlyList<ContactPoint> Contacts);

public sealed record SocialProfile(string Network, string Url, string Page);

/// <summary>Kind: email, phone or page.</summary>
public sealed record ContactPoint(string Kind, string Value, string Page);

/// <summary>Category: CMS, Commerce, Analytics, Advertising, Framework, Library, Hosting, Server.</summary>
public sealed record TechFinding(string Name, string Category, string Evidence, string Page);

/// <summary>One SEO check with its outcome and what was seen; Page is null for site-wide checks (robots, sitemap).</summary>
public sealed record SeoCheck(string Key, string Title, bool Passed, string Detail, string? Page);

/// <summary>One crawled page with its own facts and checks.</summary>
public sealed record PageDetail(string Url, int StatusCode, string? Title, string? Description, IReadOnlyList<string> H1, int Words,
    int Images, int ImagesWithAlt, IReadOnlyList<SeoCheck> Checks);

/// <summary>How profiles are stored and served.</summary>
public static class BrandJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
