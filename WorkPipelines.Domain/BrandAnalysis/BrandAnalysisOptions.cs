using System.Net;

namespace WorkPipelines.Domain.BrandAnalysis;

/// <summary>Limits of the brand-analysis crawler and its safe fetcher (section <c>BrandAnalysis</c>).</summary>
public sealed class BrandAnalysisOptions
{
    public const string Section = "BrandAnalysis";

    /// <summary>Largest body read from one response; the download stops past it.</summary>
    public long MaxBodyBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Longest one fetch may take, redirects and body included.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Redirects followed per fetch, each validated like the first address.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Pages read per analysis: the home page and up to this many minus one more.</summary>
    public int MaxPages { get; set; } = 11;

    /// <summary>Where the user agent tells site owners to read about the bot.</summary>
    public string BotInfoUrl { get; set; } = "https://github.com/work-pipelines/work-pipelines#brand-analysis";

    /// <summary>
    /// Loopback endpoints ("127.0.0.1:5123") the fetcher may reach anyway. Empty by default and only for tests that
    /// serve fixture sites on loopback; non-loopback entries are rejected at start.
    /// </summary>
    public List<string> AllowLoopbackEndpoints { get; set; } = [];

    public string UserAgent => $"WorkPipelinesBot/1.0 (+{BotInfoUrl})";

    /// <summary>The product token robots.txt groups are matched against.</summary>
    public const string RobotsAgent = "WorkPipelinesBot";

    internal IReadOnlySet<IPEndPoint> AllowedLoopback() => AllowLoopbackEndpoints
        .Select(e => IPEndPoint.TryParse(e, out var endpoint) && IPAddress.IsLoopback(endpoint.Address) && endpoint.Port > 0
            ? endpoint
            : throw new InvalidOperationException($"{Section}:{nameof(AllowLoopbackEndpoints)} takes loopback address:port pairs only, not '{e}'"))
        .ToHashSet();
}
