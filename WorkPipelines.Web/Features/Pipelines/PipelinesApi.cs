using Microsoft.AspNetCore.Http.HttpResults;
using WorkPipelines.Domain;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Web.Api;

namespace WorkPipelines.Web.Features.Pipelines;

public static class PipelinesApi
{
    public static RouteGroupBuilder MapPipelinesApi(this RouteGroupBuilder work)
    {
        var runs = work.MapGroup("/pipelines").WithTags("Pipelines");
        runs.MapGet("/", ListAsync).WithName("ListRuns")
            .WithSummary("Runs of the current workspace, newest first. Filters: status, kind, trigger, from, to (ISO 8601), q (text or run id); paging: page, pageSize (1-200).");
        runs.MapGet("/stats", StatsAsync).WithName("RunStats").WithSummary("Finished runs per hour by outcome, with p50/p95 durations (hours: 1-168, default 24).");
        runs.MapGet("/{runId:guid}", GetAsync).WithName("GetRun").WithSummary("One run with its log.");
        runs.MapPost("/{runId:guid}/retry", RetryAsync).WithName("RetryRun").WithSummary("Queue a Failed or Cancelled run again (admins).");
        runs.MapPost("/{runId:guid}/cancel", CancelAsync).WithName("CancelRun").WithSummary("Cancel a Queued or Running run (admins).");
        runs.MapPost("/retry-failed", RetryFailedAsync).WithName("RetryFailedRuns").WithSummary("Queue every Failed run again (admins).");
        runs.MapPost("/self-test", StartSelfTestAsync).WithName("StartSelfTest")
            .WithSummary("Start a harmless self-test run that reports progress for the given seconds (admins).");
        return work;
    }

    public static async Task<Results<Ok<RunPage>, ProblemHttpResult>> ListAsync(
        [AsParameters] RunQuery query, RunBrowser browser, CancellationToken cancellationToken)
    {
        if (query.TryBuild(out var filter, out var problem) is false) return WorkProblems.Invalid(problem!);
        return TypedResults.Ok(await browser.SearchAsync(filter!, query.Page ?? 1, query.PageSize ?? 50, cancellationToken));
    }

    public static async Task<Results<Ok<IReadOnlyList<RunHour>>, ProblemHttpResult>> StatsAsync(int? hours, RunBrowser browser, CancellationToken cancellationToken)
    {
        if (hours is < 1 or > 168) return WorkProblems.Invalid($"hours must be between 1 and 168; got {hours}.");
        return TypedResults.Ok(await browser.HourlyAsync(hours ?? 24, cancellationToken));
    }

    public static async Task<Results<Ok<RunDetail>, ProblemHttpResult>> GetAsync(Guid runId, RunBrowser browser, CancellationToken cancellationToken) =>
        await browser.GetAsync(runId, cancellationToken) is { } run
            ? TypedResults.Ok(run)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No pipeline run {runId} in this workspace.");

    public static async Task<Results<NoContent, ProblemHttpResult>> RetryAsync(Guid runId, RunActions actions, CancellationToken cancellationToken) =>
        (await actions.RetryAsync(runId, cancellationToken)).ToNoContent();

    public static async Task<Results<NoContent, ProblemHttpResult>> CancelAsync(Guid runId, RunActions actions, CancellationToken cancellationToken) =>
        (await actions.CancelAsync(runId, cancellationToken)).ToNoContent();

    public static async Task<Results<Ok<RetriedResponse>, ProblemHttpResult>> RetryFailedAsync(RunActions actions, CancellationToken cancellationToken) =>
        await actions.RetryAllFailedAsync(cancellationToken) is { } retried
            ? TypedResults.Ok(new RetriedResponse(retried))
            : WorkResult.Forbidden(RunActions.AdminOnly).ToProblem();

    public static async Task<Results<Accepted<RunSummary>, ProblemHttpResult>> StartSelfTestAsync(
        SelfTestRequest request, RunActions actions, RunBrowser browser, CancellationToken cancellationToken)
    {
        var (result, runId) = await actions.StartSelfTestAsync(request.Seconds ?? 5, request.FailFirstAttempts ?? 0, cancellationToken);
        if (!result.Succeeded) return result.ToProblem();
        var run = (await browser.GetAsync(runId!.Value, cancellationToken))!.Run;
        return TypedResults.Accepted($"/api/work/pipelines/{run.Id}", run);
    }
}

public sealed record SelfTestRequest(int? Seconds, int? FailFirstAttempts);
public sealed record RetriedResponse(int Retried);
