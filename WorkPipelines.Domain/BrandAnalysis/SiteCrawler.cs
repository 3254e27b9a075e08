using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.BrandAnalysis.Fetching;
using WorkPipelines.Domain.Outbound;

namespace WorkPipelines.Domain.BrandAnalysis;

/// <summary>
/// Reads a site the way the analysis needs it: robots.txt first, then the home page and the same-site pages
/// that say most about a brand (about, pricing, products, blog, contact), their stylesheets and the sitemap.
/// </summary>
public sealed class SiteCrawler(SafeFetcher fetcher, IOptions<BrandAnalysisOptions> options)
{
    private const int MaxStylesheets = 8;

    // Path words that mark a page worth reading, best first.
    private static readonly string[][] PagesThatMatter =
    [
        ["about", "about-us", "company", "story", "our-story", "mission", "team"],
        ["pricing", "plans", "price", "prices"],
        ["product", "products", "features", "solutions", "services", "shop", "store", "collections"],
        ["blog", "news", "journal", "articles", "stories"],
        ["contact", "contact-us", "support"],
    ];

    private static readonly string[] AssetExtensions = [".pdf", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".zip", ".mp4", ".css", ".js", ".xml", ".ico"];

    /// <summary>Crawls from <paramref name="start"/>; <paramref name="progress"/> gets (pages done, pages planned).</summary>
    public async Task<CrawledSite> CrawlAsync(Uri start, Func<int, int, Task> progress, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var origin = new Uri(start.GetLeftPart(UriPartial.Authority) + "/");
        var robotsFile = await fetcher.GetAsync(new Uri(origin, "/robots.txt"), cancellationToken);
        var robots = robotsFile is { IsSuccess: true } ? RobotsTxt.Parse(robotsFile.Text, BrandAnalysisOptions.RobotsAgent) : RobotsTxt.AllowAll;
        if (!robots.Allows(start.PathAndQuery))
            throw new FetchRefusedException($"robots.txt of {start.Host} does not allow {BrandAnalysisOptions.RobotsAgent} to read {start.PathAndQuery}");

        var home = await FetchPageAsync(start, cancellationToken);
        if (home is null) throw new FetchRefusedException($"{start} is not an HTML page");
        if (home.StatusCode >= 400) throw new FetchRefusedException($"{start} answered HTTP {home.StatusCode}");

        var planned = PickPages(home, robots, notes);
        var pages = new List<CrawledPage> { home };
        await progress(1, planned.Count + 1);
        foreach (var url in planned)
        {
            try
            {
                if (await FetchPageAsync(url, cancellationToken) is { StatusCode: < 400 } page) pages.Add(page);
                else notes.Add($"{url} was skipped: not an HTML page or an error status");
            }
            catch (FetchRefusedException ex)
            {
                notes.Add($"{url} was skipped: {ex.Message}");
            }
            await progress(pages.Count, planned.Count + 1);
        }

        var stylesheets = await FetchStylesheetsAsync(pages, home.Url, robots, notes, cancellationToken);
        var (hasSitemap, sitemapUrl) = await FindSitemapAsync(home.Url, robots, cancellationToken);
        return new CrawledSite(home.Url, pages, stylesheets, robotsFile.IsSuccess, hasSitemap, sitemapUrl, notes);
    }

    private async Task<CrawledPage?> FetchPageAsync(Uri url, CancellationToken cancellationToken)
    {
        var resource = await fetcher.GetAsync(url, cancellationToken);
        if (resource.MediaType is { } type && !type.Contains("html", StringComparison.OrdinalIgnoreCase)) return null;
        var html = resource.Text;
        var document = await new HtmlParser().ParseDocumentAsync(html, cancellationToken);
        return new CrawledPage(resource.Url, resource.StatusCode, resource.Headers, document, html);
    }

    private List<Uri> PickPages(CrawledPage home, RobotsTxt robots, List<string> notes)
    {
        var seen = new HashSet<string> { Key(home.Url) };
        var candidates = new List<(Uri Url, int Score, int Order)>();
        var order = 0;
        foreach (var anchor in home.Document.QuerySelectorAll("a[href]"))
        {
            if (!Uri.TryCreate(home.Url, anchor.GetAttribute("href"), out var url) || !IsSameSite(url, home.Url)) continue;
            url = new UriBuilder(url) { Fragment = "" }.Uri;
            if (!seen.Add(Key(url)) || Score(url) is not { } score) continue;
            if (!robots.Allows(url.PathAndQuery))
            {
                notes.Add($"{url.PathAndQuery} was not read: robots.txt disallows it");
                continue;
            }
            candidates.Add((url, score, order++));
        }
        return candidates.OrderBy(c => c.Score).ThenBy(c => c.Order).Take(options.Value.MaxPages - 1).Select(c => c.Url).ToList();
    }

    /// <summary>Lower is better; null when the page is not one that says much about the brand.</summary>
    private static int? Score(Uri url)
    {
        var path = url.AbsolutePath.ToLowerInvariant();
        if (AssetExtensions.Any(path.EndsWith)) return null;
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length is 0 or > 2) return null;
        var first = Path.GetFileNameWithoutExtension(segments[0]);
        for (var group = 0; group < PagesThatMatter.Length; group++)
            if (PagesThatMatter[group].Contains(first)) return group * 10 + segments.Length;
        return null;
    }

    private async Task<List<Stylesheet>> FetchStylesheetsAsync(List<CrawledPage> pages, Uri home, RobotsTxt robots, List<string> notes, CancellationToken cancellationToken)
    {
        var linked = pages
            .SelectMany(p => p.Document.QuerySelectorAll("link[rel~=stylesheet][href]")
                .Select(l => Uri.TryCreate(p.Url, l.GetAttribute("href"), out var url) ? (Url: url, Page: p.Url.ToString()) : default))
            .Where(s => s.Url is not null && IsSameSite(s.Url, home) && robots.Allows(s.Url.PathAndQuery))
            .GroupBy(s => s.Url.ToString())
            .Take(MaxStylesheets);
        var sheets = new List<Stylesheet>();
        foreach (var group in linked)
        {
            try
            {
                var css = await fetcher.GetAsync(group.First().Url, cancellationToken);
                if (css.IsSuccess) sheets.Add(new Stylesheet(css.Url, css.Text, group.Select(s => s.Page).Distinct().ToList()));
            }
            catch (FetchRefusedException ex)
            {
                notes.Add($"stylesheet {group.Key} was skipped: {ex.Message}");
            }
        }
        return sheets;
    }

    private async Task<(bool Found, string? Url)> FindSitemapAsync(Uri home, RobotsTxt robots, CancellationToken cancellationToken)
    {
        var listed = robots.Sitemaps.Select(s => Uri.TryCreate(s, UriKind.Absolute, out var u) ? u : null).FirstOrDefault(u => u is not null && IsSameSite(u, home));
        var url = listed ?? new Uri(home, "/sitemap.xml");
        try
        {
            return ((await fetcher.GetAsync(url, cancellationToken)).IsSuccess, url.ToString());
        }
        catch (FetchRefusedException)
        {
            return (false, url.ToString());
        }
    }

    internal static bool IsSameSite(Uri url, Uri home) =>
        url.Scheme is "http" or "https" && url.Port == home.Port &&
        string.Equals(StripWww(url.Host), StripWww(home.Host), StringComparison.OrdinalIgnoreCase);

    private static string StripWww(string host) => host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;

    private static string Key(Uri url) => StripWww(url.Host).ToLowerInvariant() + url.AbsolutePath.TrimEnd('/').ToLowerInvariant() + url.Query;
}

/// <summary>A site as crawled: pages in the order read (home first), same-site stylesheets, robots and sitemap facts, and what was skipped.</summary>
public sealed record CrawledSite(Uri Home, IReadOnlyList<CrawledPage> Pages, IReadOnlyList<Stylesheet> Stylesheets,
    bool HasRobotsTxt, bool HasSitemap, string? SitemapUrl, IReadOnlyList<string> Notes);

public sealed record CrawledPage(Uri Url, int StatusCode, IReadOnlyDictionary<string, string> Headers, IHtmlDocument Document, string Html)
{
    public string Address => Url.ToString();
}

/// <summary>A stylesheet and the pages that link it.</summary>
public sealed record Stylesheet(Uri Url, string Css, IReadOnlyList<string> Pages);
