using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Outbound;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.BrandAnalysis;

/// <summary>Crawls a site through the safe fetcher, analyses it and stores the profile; an unreachable or refused site fails the run with the reason.</summary>
public sealed class AnalyzeBrand(WorkDbContext db, SiteCrawler crawler, TimeProvider time) : IPipelineKind
{
    public const string KindName = "brand.analyze";

    public string Name => KindName;
    public string Title => "Brand analysis";
    public string TitleOf(string payloadJson) =>
        JsonSerializer.Deserialize<AnalyzeBrandPayload>(payloadJson, JsonSerializerOptions.Web) is { Host.Length: > 0 } p ? $"Brand analysis of {p.Host}" : Title;

    // A site that does not answer will not answer a minute later either; the person can run it again.
    public int MaxAttempts => 1;
    public TimeSpan Timeout => TimeSpan.FromMinutes(5);

    public async Task ExecuteAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var id = context.GetPayload<AnalyzeBrandPayload>().AnalysisId;
        var analysis = await db.BrandAnalyses.SingleOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new PermanentPipelineException($"brand analysis {id} does not exist (deleted?)");
        if (analysis.Status == BrandAnalysisStatus.Ready) return;

        try
        {
            await StepAsync(context, 2, "Fetching robots.txt and the home page");
            var site = await crawler.CrawlAsync(new Uri(analysis.Url), (done, planned) =>
                StepAsync(context, 5 + 75 * done / planned, $"Fetching {done} of {planned} pages"), cancellationToken);
            await StepAsync(context, 85, $"Analysing {site.Pages.Count} pages");
            var profile = BrandAnalyzer.Analyze(site, time.GetUtcNow());

            await StepAsync(context, 95, "Storing the profile");
            analysis.ProfileJson = JsonSerializer.Serialize(profile, BrandJson.Options);
            analysis.PagesAnalyzed = site.Pages.Count;
            analysis.Status = BrandAnalysisStatus.Ready;
            analysis.CompletedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            await StepAsync(context, 100, $"Analysed {site.Pages.Count} pages of {analysis.SiteHost}");
        }
        catch (FetchRefusedException ex)
        {
            await MarkFailedAsync(analysis.Id, ex.Message);
            throw new PermanentPipelineException(ex.Message, ex);
        }
        catch (Exception ex)
        {
            await MarkFailedAsync(analysis.Id, ex is OperationCanceledException ? "the analysis was cancelled or timed out" : ex.Message);
            throw;
        }
    }

    /// <summary>Moves the progress bar and keeps the step in the run's log.</summary>
    private static async Task StepAsync(PipelineContext context, int percent, string message)
    {
        await context.ReportProgressAsync(percent, message);
        await context.LogAsync(message);
    }

    private async Task MarkFailedAsync(Guid id, string reason)
    {
        db.ChangeTracker.Clear();
        await db.BrandAnalyses.Where(a => a.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Status, BrandAnalysisStatus.Failed)
            .SetProperty(a => a.Error, reason.Length > 2000 ? reason[..2000] : reason)
            .SetProperty(a => a.CompletedAt, time.GetUtcNow()), CancellationToken.None);
    }
}

/// <summary>Payload of <see cref="AnalyzeBrand"/>; the host is there so lists can name the run without a query.</summary>
public sealed record AnalyzeBrandPayload(Guid AnalysisId, string Host);
