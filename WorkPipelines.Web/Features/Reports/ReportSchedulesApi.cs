using Microsoft.AspNetCore.Http.HttpResults;
using WorkPipelines.Domain.Reports.Schedules;
using WorkPipelines.Web.Api;

namespace WorkPipelines.Web.Features.Reports;

public static class ReportSchedulesApi
{
    public static RouteGroupBuilder MapReportSchedulesApi(this RouteGroupBuilder work)
    {
        var schedules = work.MapGroup("/reports/schedules").WithTags("Reports");
        schedules.MapGet("/", ListAsync).WithName("ListReportSchedules")
            .WithSummary("Report schedules of the current workspace, with their next run in UTC and in the workspace's time zone.");
        schedules.MapPost("/", CreateAsync).WithName("CreateReportSchedule")
            .WithSummary("Schedule a report (admins). cadence: weekly (day: monday…sunday) or monthly (day: 1–28 or last); time: HH:mm in the workspace's time zone; recipients: optional email addresses.");
        schedules.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateReportSchedule").WithSummary("Change a report schedule (admins); the next run is recomputed.");
        schedules.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteReportSchedule").WithSummary("Delete a report schedule (admins); its reports stay.");
        return work;
    }

    public static async Task<Ok<IReadOnlyList<ReportScheduleView>>> ListAsync(ReportScheduleService schedules, CancellationToken cancellationToken) =>
        TypedResults.Ok(await schedules.ListAsync(cancellationToken));

    public static async Task<Results<Created<ReportScheduleView>, ProblemHttpResult>> CreateAsync(
        ReportScheduleInput input, ReportScheduleService schedules, CancellationToken cancellationToken)
    {
        var (result, schedule) = await schedules.CreateAsync(input, cancellationToken);
        return result.Succeeded ? TypedResults.Created($"/api/work/reports/schedules/{schedule!.Id}", schedule) : result.ToProblem();
    }

    public static async Task<Results<Ok<ReportScheduleView>, ProblemHttpResult>> UpdateAsync(
        Guid id, ReportScheduleInput input, ReportScheduleService schedules, CancellationToken cancellationToken)
    {
        var (result, schedule) = await schedules.UpdateAsync(id, input, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(schedule!) : result.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, ReportScheduleService schedules, CancellationToken cancellationToken) =>
        (await schedules.DeleteAsync(id, cancellationToken)).ToNoContent();
}
