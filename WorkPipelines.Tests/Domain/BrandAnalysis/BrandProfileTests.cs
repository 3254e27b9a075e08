using WorkPipelines.Domain.BrandAnalysis;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Tests.Web.BrandAnalysis;

namespace WorkPipelines.Tests.Domain.BrandAnalysis;

/// <summary>The Acme Roasters fixture (Sites/acme) analysed end to end through the app; every expectation below is written into its HTML and CSS.</summary>
[Collection(AppCollection.Name)]
public sealed class BrandProfileTests(WorkAppFactory app) : IAsyncLifetime
{
    private BrandProfile _profile = default!;
    private static string Page(string path = "") => FixtureSite.Shared.Url(path).ToString();

    public async Task InitializeAsync()
    {
        var user = await ApiUser.RegisterAsync(app, "brand-profile");
        _profile = (await BrandApiTests.AnalyzeAndWaitAsync(user, FixtureSite.Shared.Root.ToString())).Detail.Profile!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Crawl_reads_the_pages_that_matter_and_honours_robots_txt()
    {
        Assert.Equal([Page(), Page("about/"), Page("pricing/"), Page("products/"), Page("blog/"), Page("contact/")], _profile.Pages.Select(p => p.Url));
        Assert.Equal(["/team/ was not read: robots.txt disallows it"], _profile.Notes);
        Assert.DoesNotContain("/team/", FixtureSite.Shared.Requests);
        Assert.Contains("/about/", FixtureSite.Shared.Requests); // "Allow: /about/" outweighs "Disallow: /about"
    }

    [Fact]
    public void Identity_comes_from_the_home_page()
    {
        var identity = _profile.Identity;

        Assert.Equal(new Finding("Acme Roasters", Page()), identity.Name);
        Assert.Equal("Acme Roasters – Fresh specialty coffee, roasted to order", identity.Title!.Value);
        Assert.Equal(Page("assets/logo.svg"), identity.Logo!.Value);
        Assert.Equal(Page("assets/favicon.png"), identity.Favicon!.Value);
        Assert.Equal(new Finding("#7b3f00", Page()), identity.ThemeColor);
        Assert.Equal(["og:site_name", "og:title", "og:image", "twitter:card", "twitter:site"], identity.Cards.Select(c => c.Property));
    }

    [Fact]
    public void Palette_is_ranked_by_use_and_fonts_name_their_web_font_source()
    {
        Assert.Equal([("#7b3f00", 4), ("#e8a33d", 3), ("#ffffff", 3), ("#222222", 2), ("#2f4f4f", 1), ("#fdf6ec", 1)],
            _profile.Visual.Palette.Select(c => (c.Hex, c.Uses)));
        Assert.Equal([false, false, true, true, false, false], _profile.Visual.Palette.Select(c => c.IsNeutral));
        Assert.Equal([Page()], _profile.Visual.Palette.Single(c => c.Hex == "#fdf6ec").Pages); // from the home page's <style>
        Assert.Equal([("Inter", 2, true), ("Acme Script", 1, true), ("Playfair Display", 1, true)],
            _profile.Visual.Fonts.Select(f => (f.Family, f.Uses, f.IsWebFont)));
    }

    [Fact]
    public void Voice_has_the_hero_keywords_calls_to_action_and_cues()
    {
        var voice = _profile.Voice;

        Assert.Equal(new Finding("Fresh specialty coffee, roasted to order", Page()), voice.Headline);
        Assert.Equal(["Roasted the day we ship", "Traceable beans from farms we know", "A coffee subscription that fits you"], voice.ValuePropositions.Select(v => v.Value));
        Assert.Equal([("coffee", 18), ("beans", 5), ("fresh", 5), ("roasted", 5), ("subscription", 4)], voice.Keywords.Take(5).Select(k => (k.Term, k.Count)));
        Assert.DoesNotContain(voice.Keywords, k => StopWordsSample.Contains(k.Term));
        Assert.Equal(["coffee beans", "coffee subscription", "specialty coffee"], voice.Phrases.Take(3).Select(p => p.Term));
        Assert.Equal([("Shop coffee", Page()), ("Start your subscription", Page()), ("Choose a plan", Page("pricing/")), ("Add to cart", Page("products/"))],
            voice.CallsToAction.Select(c => (c.Text, c.Page)));
        Assert.Equal(new ReadingLevel(82.3, "easy", 166, 18), voice.ReadingLevel);
        Assert.Equal(["talks about itself", "confident", "reassuring", "friendly"], voice.Tone.Select(t => t.Label));
        Assert.Equal(new Cue("teams", "for teams", Page("pricing/")), Assert.Single(voice.Audience));
        Assert.Equal([("price points", "$18/month, $29/mo, $99 per month"), ("free shipping", "Free shipping"), ("free trial", "free trial")],
            voice.Pricing.Select(p => (p.Label, p.Evidence)));
    }

    [Fact]
    public void Presence_lists_profiles_without_share_links_and_every_contact_point()
    {
        Assert.Equal([("Instagram", "https://www.instagram.com/acmeroasters"), ("Facebook", "https://facebook.com/acmeroasters")],
            _profile.Presence.Social.Select(s => (s.Network, s.Url)));
        Assert.Equal([("email", "hello@acme.test", Page()), ("phone", "+15035550100", Page()), ("email", "orders@acme.test", Page("contact/")),
                      ("page", Page("contact/"), Page("contact/"))],
            _profile.Presence.Contacts.Select(c => (c.Kind, c.Value, c.Page)));
    }

    [Fact]
    public void Technology_is_recognised_from_scripts_and_headers()
    {
        Assert.Equal([("Shopify", "Commerce"), ("Google Analytics 4", "Analytics"), ("Meta Pixel", "Advertising"), ("jQuery", "Library"), ("PHP", "Server")],
            _profile.Technology.Select(t => (t.Name, t.Category)));
        Assert.Equal("googletagmanager.com/gtag/js?id=G-ACME12345", _profile.Technology[1].Evidence);
        Assert.Equal("x-powered-by: PHP/8.3.4", _profile.Technology[4].Evidence);
        Assert.All(_profile.Technology, t => Assert.Equal(Page(), t.Page));
    }

    [Fact]
    public void Seo_checklist_passes_on_the_home_page_and_pages_fail_where_the_fixture_is_broken()
    {
        Assert.Equal(["title", "description", "h1", "alt", "canonical", "indexable", "structured-data", "robots", "sitemap"], _profile.Seo.Select(c => c.Key));
        Assert.All(_profile.Seo, c => Assert.True(c.Passed, $"{c.Key}: {c.Detail}"));
        Assert.Equal("JSON-LD Organization", _profile.Seo.Single(c => c.Key == "structured-data").Detail);

        string[] Failed(string path) => _profile.Pages.Single(p => p.Url == Page(path)).Checks.Where(c => !c.Passed).Select(c => c.Key).ToArray();
        Assert.Equal(["description", "alt", "canonical", "structured-data"], Failed("about/"));
        Assert.Equal(["structured-data"], Failed("pricing/"));
        Assert.Equal(["h1"], Failed("products/"));
        Assert.Equal(["canonical", "indexable", "structured-data"], Failed("blog/"));
        Assert.Equal("0 of 1 images (0%)", _profile.Pages[1].Checks.Single(c => c.Key == "alt").Detail);
    }

    private static readonly string[] StopWordsSample = ["the", "and", "our", "you", "with", "for", "we're"];
}
