using Microsoft.AspNetCore.Http.HttpResults;
using WorkPipelines.Domain.Goals;
using WorkPipelines.Web.Api;

namespace WorkPipelines.Web.Features.Goals;

public static class GoalsApi
{
    public static RouteGroupBuilder MapGoalsApi(this RouteGroupBuilder work)
    {
        var goals = work.MapGroup("/goals").WithTags("Goals");
        goals.MapGet("/", ListAsync).WithName("ListGoals")
            .WithSummary("Goals of the current workspace, each with its current month or quarter: the value so far, the share of the target, the share of the period gone and the pace (OnTrack, Behind, Ahead).");
        goals.MapGet("/metrics", Metrics).WithName("ListGoalMetrics")
            .WithSummary("The metrics a goal can be set on (the dashboard's tiles), with their format and whether lower is better.");
        goals.MapGet("/{id:guid}", GetAsync).WithName("GetGoal")
            .WithSummary("One goal with its progress and the result of each of its last six whole months or quarters.");
        goals.MapPost("/", CreateAsync).WithName("CreateGoal")
            .WithSummary("Set a goal (admins). metric: a key from /goals/metrics; target: a number above 0 in the metric's unit (money in the workspace's currency, minutes for times, a fraction for rates); cadence: month or quarter; direction: at_least or at_most (optional).");
        goals.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateGoal").WithSummary("Change a goal (admins).");
        goals.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteGoal").WithSummary("Delete a goal (admins).");
        return work;
    }

    public static async Task<Ok<IReadOnlyList<GoalView>>> ListAsync(GoalService goals, CancellationToken cancellationToken) =>
        TypedResults.Ok(await goals.ListAsync(cancellationToken: cancellationToken));

    public static Ok<IReadOnlyList<GoalMetricView>> Metrics() => TypedResults.Ok(GoalService.Metrics);

    public static async Task<Results<Ok<GoalView>, ProblemHttpResult>> GetAsync(Guid id, GoalService goals, CancellationToken cancellationToken) =>
        await goals.GetAsync(id, cancellationToken) is { } goal
            ? TypedResults.Ok(goal)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No goal {id} in this workspace.");

    public static async Task<Results<Created<GoalView>, ProblemHttpResult>> CreateAsync(GoalInput input, GoalService goals, CancellationToken cancellationToken)
    {
        var (result, goal) = await goals.CreateAsync(input, cancellationToken);
        return result.Succeeded ? TypedResults.Created($"/api/work/goals/{goal!.Id}", goal) : result.ToProblem();
    }

    public static async Task<Results<Ok<GoalView>, ProblemHttpResult>> UpdateAsync(Guid id, GoalInput input, GoalService goals, CancellationToken cancellationToken)
    {
        var (result, goal) = await goals.UpdateAsync(id, input, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(goal!) : result.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, GoalService goals, CancellationToken cancellationToken) =>
        (await goals.DeleteAsync(id, cancellationToken)).ToNoContent();
}
