using Microsoft.AspNetCore.Http.HttpResults;
using WorkPipelines.Domain.BrandAnalysis;
using WorkPipelines.Web.Api;

namespace WorkPipelines.Web.Features.BrandAnalysis;

public static class BrandApi
{
    public static RouteGroupBuilder MapBrandApi(this RouteGroupBuilder work)
    {
        var brand = work.MapGroup("/brand").WithTags("Brand analysis");
        brand.MapPost("/analyze", AnalyzeAsync).WithName("AnalyzeBrand")
            .WithSummary("Analyse a website's brand in the background. Only public http(s) sites; a private, loopback or otherwise internal address answers 400 saying why. Answers 202 with the analysis id, run id and URL.");
        brand.MapGet("/", ListAsync).WithName("ListBrandAnalyses").WithSummary("Brand analyses of the workspace, newest first (without profiles); ?site=example.com narrows to one site.");
        brand.MapGet("/{id:guid}", GetAsync).WithName("GetBrandAnalysis").WithSummary("One analysis with its brand profile once Ready.");
        return work;
    }

    public static async Task<Results<Accepted<BrandAnalysisAccepted>, ProblemHttpResult>> AnalyzeAsync(
        AnalyzeBrandRequest request, BrandAnalysisService brand, CancellationToken cancellationToken)
    {
        var (result, started) = await brand.StartAsync(request.Url, cancellationToken);
        if (!result.Succeeded) return result.ToProblem();
        var url = $"/api/work/brand/{started!.Analysis.Id}";
        return TypedResults.Accepted(url, new BrandAnalysisAccepted(started.Analysis.Id, started.RunId, url));
    }

    public static async Task<Results<Ok<IReadOnlyList<BrandAnalysisSummary>>, ProblemHttpResult>> ListAsync(string? site, BrandAnalysisService brand, CancellationToken cancellationToken)
    {
        string? host = null;
        if (!string.IsNullOrWhiteSpace(site))
        {
            (host, var problem) = BrandAnalysisService.SiteFilter(site);
            if (host is null) return WorkProblems.Invalid($"site: {problem}");
        }
        return TypedResults.Ok(await brand.ListAsync(host, cancellationToken));
    }

    public static async Task<Results<Ok<BrandAnalysisDetail>, ProblemHttpResult>> GetAsync(Guid id, BrandAnalysisService brand, CancellationToken cancellationToken) =>
        await brand.GetAsync(id, cancellationToken) is { } analysis
            ? TypedResults.Ok(analysis)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No brand analysis {id} in this workspace.");
}

public sealed record AnalyzeBrandRequest(string? Url);
public sealed record BrandAnalysisAccepted(Guid AnalysisId, Guid RunId, string Url);
