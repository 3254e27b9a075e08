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
    public string BotInfoUrl { get; set; } = "https://github.com/work-pipelines/work-pipelines/blob/main/docs/features.md#the-brand-analysis-bot";

    public string UserAgent => $"WorkPipelinesBot/1.0 (+{BotInfoUrl})";

    /// <summary>The product token robots.txt groups are matched against.</summary>
    public const string RobotsAgent = "WorkPipelinesBot";
}
