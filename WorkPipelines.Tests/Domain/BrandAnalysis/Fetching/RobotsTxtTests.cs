using WorkPipelines.Domain.BrandAnalysis.Fetching;

namespace WorkPipelines.Tests.Domain.BrandAnalysis.Fetching;

public sealed class RobotsTxtTests
{
    private const string File = """
        User-agent: *
        Disallow: /

        # ours replaces the * group entirely
        User-agent: OtherBot
        User-agent: WorkPipelinesBot
        Disallow: /private/
        Allow: /private/open/
        Disallow: /*.pdf$
        Disallow: /search?
        Allow: /about/
        Disallow: /about
        Sitemap: https://example.com/sitemap.xml
        """;

    [Theory]
    [InlineData("/", true)]
    [InlineData("/pricing/", true)]
    [InlineData("/private/", false)]
    [InlineData("/private/page", false)]
    [InlineData("/private/open/page", true)]   // longer Allow wins
    [InlineData("/about", false)]
    [InlineData("/about/", true)]              // longer Allow wins
    [InlineData("/menu.pdf", false)]           // * and $
    [InlineData("/menu.pdf?x=1", true)]        // $ anchors the end
    [InlineData("/search?q=coffee", false)]
    [InlineData("/search", true)]
    public void Our_group_applies_with_the_longest_match_winning(string path, bool allowed)
    {
        var robots = RobotsTxt.Parse(File, "WorkPipelinesBot");

        Assert.Equal(allowed, robots.Allows(path));
        Assert.Equal(["https://example.com/sitemap.xml"], robots.Sitemaps);
    }

    [Theory]
    [InlineData("User-agent: *\nDisallow: /admin/\n", "/admin/x", false)]
    [InlineData("User-agent: *\nDisallow: /admin/\n", "/shop", true)]
    [InlineData("User-agent: *\nDisallow:\n", "/anything", true)]       // empty Disallow allows all
    [InlineData("User-agent: SomeoneElse\nDisallow: /\n", "/", true)]  // no group for us or *
    [InlineData("User-agent: *\nAllow: /a\nDisallow: /a\n", "/a", true)] // tie goes to Allow
    public void The_star_group_applies_when_none_names_us(string file, string path, bool allowed) =>
        Assert.Equal(allowed, RobotsTxt.Parse(file, "WorkPipelinesBot").Allows(path));
}
