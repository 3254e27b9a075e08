using WorkPipelines.Domain.BrandAnalysis.Analysis;

namespace WorkPipelines.Domain.BrandAnalysis;

/// <summary>Turns a crawled site into a <see cref="BrandProfile"/>. Pure: the same pages give the same profile.</summary>
public static class BrandAnalyzer
{
    public static BrandProfile Analyze(CrawledSite site, DateTimeOffset analyzedAt)
    {
        var pages = site.Pages.Select(SeoAnalyzer.Page).ToList();
        return new BrandProfile(
            site.Home.ToString(),
            analyzedAt,
            IdentityAnalyzer.Analyze(site),
            VisualAnalyzer.Analyze(site),
            VoiceAnalyzer.Analyze(site),
            PresenceAnalyzer.Analyze(site),
            TechnologyAnalyzer.Analyze(site),
            SeoAnalyzer.SiteChecks(site, pages[0].Checks),
            pages,
            site.Notes);
    }
}
