using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Outbound;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.BrandAnalysis;

/// <summary>What people do with brand analyses, for pages and the API alike.</summary>
public sealed class BrandAnalysisService(WorkDbContext db, CurrentWorkspace workspace, RunQueue queue, AddressGate gate, ActivityLog activity, TimeProvider time)
{
    /// <summary>Why this URL cannot be analysed (checked the way the fetcher will, DNS included), or null.</summary>
    public async Task<string?> ProblemWithAsync(string? input, CancellationToken cancellationToken = default)
    {
        var (url, problem) = UrlGuard.Parse(input);
        if (problem is not null) return problem;
        try
        {
            await gate.CheckAsync(url!, cancellationToken);
            return null;
        }
        catch (FetchRefusedException ex)
        {
            return ex.Message;
        }
    }

    public async Task<(WorkResult Result, BrandAnalysisStarted? Started)> StartAsync(string? input, CancellationToken cancellationToken = default)
    {
        if (await ProblemWithAsync(input, cancellationToken) is { } problem) return (WorkResult.Invalid(problem), null);
        var url = UrlGuard.Parse(input).Url!;
        var analysis = new BrandAnalysis
        {
            WorkspaceId = workspace.WorkspaceId,
            Url = url.ToString(),
            SiteHost = SiteHostOf(url),
            Status = BrandAnalysisStatus.Running,
            RequestedByUserId = workspace.UserId,
            CreatedAt = time.GetUtcNow(),
        };
        // One transaction: never an analysis without its run, and one write instead of three.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(analysis);
        var enqueued = await queue.EnqueueAsync(new PipelineRequest(workspace.WorkspaceId, AnalyzeBrand.KindName)
        {
            Payload = new AnalyzeBrandPayload(analysis.Id, analysis.SiteHost),
            RequestedByUserId = workspace.UserId,
        }, cancellationToken);
        analysis.RunId = enqueued.Run.Id;
        await activity.RecordAsync("brand.analysis.requested", analysis.Url, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (WorkResult.Ok, new BrandAnalysisStarted(Summary(analysis), enqueued.Run.Id));
    }

    /// <summary>Analyses of the workspace, newest first; <paramref name="siteHost"/> (see <see cref="SiteFilter"/>) narrows to one site.</summary>
    public async Task<IReadOnlyList<BrandAnalysisSummary>> ListAsync(string? siteHost = null, CancellationToken cancellationToken = default)
    {
        var query = db.BrandAnalyses.AsNoTracking();
        if (siteHost is not null) query = query.Where(a => a.SiteHost == siteHost);
        return await query.OrderByDescending(a => a.CreatedAt).Take(500)
            .Select(a => new BrandAnalysisSummary(a.Id, a.Url, a.SiteHost, a.Status, a.RequestedByUserId, a.CreatedAt, a.CompletedAt, a.RunId, a.PagesAnalyzed, a.Error))
            .ToListAsync(cancellationToken);
    }

    public async Task<BrandAnalysisDetail?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await db.BrandAnalyses.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is { } analysis
            ? new BrandAnalysisDetail(Summary(analysis), analysis.ProfileJson is { } json ? JsonSerializer.Deserialize<BrandProfile>(json, BrandJson.Options) : null)
            : null;

    /// <summary>The site a filter names, with or without www. or a path ("www.Example.com/about" → example.com), or why it names none.</summary>
    public static (string? Host, string? Problem) SiteFilter(string site)
    {
        var (url, problem) = UrlGuard.Parse(site);
        if (url is null) return (null, problem);
        try
        {
            return (SiteHostOf(url), null);
        }
        catch (UriFormatException)
        {
            return (null, "that is not a website address, e.g. example.com");
        }
    }

    internal static string SiteHostOf(Uri url)
    {
        var host = url.IdnHost.ToLowerInvariant().TrimEnd('.');
        host = host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
        return url.IsDefaultPort ? host : $"{host}:{url.Port}";
    }

    private static BrandAnalysisSummary Summary(BrandAnalysis a) =>
        new(a.Id, a.Url, a.SiteHost, a.Status, a.RequestedByUserId, a.CreatedAt, a.CompletedAt, a.RunId, a.PagesAnalyzed, a.Error);
}

/// <summary>An analysis in lists: everything but the profile.</summary>
public sealed record BrandAnalysisSummary(Guid Id, string Url, string SiteHost, BrandAnalysisStatus Status, string? RequestedByUserId,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, Guid? RunId, int PagesAnalyzed, string? Error);

/// <summary>An analysis with its profile (null until Ready).</summary>
public sealed record BrandAnalysisDetail(BrandAnalysisSummary Analysis, BrandProfile? Profile);

/// <summary>An analysis that was asked for and the run doing it.</summary>
public sealed record BrandAnalysisStarted(BrandAnalysisSummary Analysis, Guid RunId);
