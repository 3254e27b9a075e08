using WorkPipelines.Domain.BrandAnalysis;

namespace WorkPipelines.Tests.Domain.BrandAnalysis;

public sealed class BrandComparisonTests
{
    private const string Home = "https://example.com/";

    [Fact]
    public void Changes_name_what_was_added_dropped_and_flipped()
    {
        var before = Profile("Old headline", ["#111111", "#7b3f00"], ["Inter"], ["coffee"], ["WordPress"], seoPassed: false);
        var after = Profile("New headline", ["#7b3f00", "#e8a33d"], ["Inter", "Lora"], ["coffee", "tea"], ["Shopify"], seoPassed: true);

        var changes = BrandComparison.Compare(before, after).Select(c => $"{c.Area}: {c.Text}");

        Assert.Equal([
            "Headline: “Old headline” → “New headline”",
            "Palette: added #e8a33d", "Palette: dropped #111111",
            "Fonts: added Lora",
            "Keywords: added tea",
            "Tech: added Shopify", "Tech: dropped WordPress",
            "SEO: Exactly one H1 now passes: 1 H1",
        ], changes);
    }

    [Fact]
    public void The_same_profile_twice_has_no_changes()
    {
        var profile = Profile("Same", ["#7b3f00"], ["Inter"], ["coffee"], ["Shopify"], seoPassed: true);

        Assert.Empty(BrandComparison.Compare(profile, profile));
    }

    private static BrandProfile Profile(string headline, string[] colors, string[] fonts, string[] keywords, string[] tech, bool seoPassed) => new(
        Home, DateTimeOffset.UnixEpoch,
        new BrandIdentity(null, null, null, null, null, null, []),
        new BrandVisual(colors.Select(c => new ColorUse(c, 1, false, [Home])).ToList(), fonts.Select(f => new FontUse(f, 1, false, [Home])).ToList()),
        new BrandVoice(new Finding(headline, Home), [], keywords.Select(k => new TermUse(k, 2, [Home])).ToList(), [], [], null, [], [], []),
        new BrandPresence([], []),
        tech.Select(t => new TechFinding(t, "CMS", t, Home)).ToList(),
        [new SeoCheck("h1", "Exactly one H1", seoPassed, seoPassed ? "1 H1" : "2 H1 headings", Home)],
        [], []);
}
