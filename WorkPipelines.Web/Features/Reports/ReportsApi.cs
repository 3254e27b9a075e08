using Microsoft.AspNetCore.Http.HttpResults;
using WorkPipelines.Domain.Reports;
using WorkPipelines.Web.Api;

namespace WorkPipelines.Web.Features.Reports;

public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder work)
    {
        var reports = work.MapGroup("/reports").WithTags("Reports");
        reports.MapPost("/generate", GenerateAsync).WithName("GenerateReport")
            .WithSummary($"Start building a report. type: {ReportService.TypeNames}; period: 7d, 30d, 90d, 12m, mtd, lastmonth, quarter, lastquarter, or from+to (yyyy-MM-dd). Answers 202 with the report id, run id and URL.");
        reports.MapGet("/", ListAsync).WithName("ListReports").WithSummary("Reports of the current workspace, newest first (without their content).");
        reports.MapGet("/{id:guid}", GetAsync).WithName("GetReport").WithSummary("One report with its built model once Ready.");
        reports.MapGet("/{id:guid}/download", DownloadAsync).WithName("DownloadReport")
            .WithSummary("The report as a file. format: pdf, xlsx or csv. 409 while it is being generated.");
        reports.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteReport").WithSummary("Delete a report (admins).");
        return work;
    }

    public static async Task<Results<Accepted<ReportStarted>, ProblemHttpResult>> GenerateAsync(
        GenerateReportRequest request, ReportService reports, CancellationToken cancellationToken)
    {
        var (result, requested) = await reports.GenerateAsync(request.Type, request.Period, request.From, request.To, cancellationToken);
        if (!result.Succeeded) return result.ToProblem();
        var url = $"/api/work/reports/{requested!.Report.Id}";
        return TypedResults.Accepted(url, new ReportStarted(requested.Report.Id, requested.RunId, url));
    }

    public static async Task<Ok<IReadOnlyList<ReportSummary>>> ListAsync(ReportService reports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reports.ListAsync(cancellationToken));

    public static async Task<Results<Ok<ReportDetail>, ProblemHttpResult>> GetAsync(Guid id, ReportService reports, CancellationToken cancellationToken) =>
        await reports.GetAsync(id, cancellationToken) is { } report
            ? TypedResults.Ok(report)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No report {id} in this workspace.");

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid id, string? format, ReportService reports, CancellationToken cancellationToken)
    {
        var (result, file) = await reports.RenderAsync(id, format, cancellationToken);
        return result.Succeeded ? TypedResults.File(file!.Content, file.ContentType, file.FileName) : result.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, ReportService reports, CancellationToken cancellationToken) =>
        (await reports.DeleteAsync(id, cancellationToken)).ToNoContent();
}

public sealed record GenerateReportRequest(string? Type, string? Period, DateOnly? From, DateOnly? To);
public sealed record ReportStarted(Guid ReportId, Guid RunId, string Url);
