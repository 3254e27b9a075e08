using Microsoft.AspNetCore.Http.HttpResults;
using WorkPipelines.Domain.Agents;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Web.Api;

namespace WorkPipelines.Web.Features.Agents;

public static class AgentsApi
{
    public static RouteGroupBuilder MapAgentsApi(this RouteGroupBuilder work)
    {
        work.MapGet("/agents", ListAsync).WithName("ListAgents").WithTags("Agents")
            .WithSummary("Per automated agent (a sync per provider, the self-test…): runs in the period, success rate, p50/p95 duration, last run, records processed, runs per day. Same period parameters as the dashboard.");
        return work;
    }

    public static async Task<Results<Ok<AgentsReport>, ProblemHttpResult>> ListAsync(
        [AsParameters] PeriodQuery query, PeriodResolver periods, AgentStatsQuery agents, CancellationToken cancellationToken)
    {
        var (period, problem) = await periods.ResolveAsync(query, cancellationToken: cancellationToken);
        if (period is null) return WorkProblems.Invalid(problem!);
        return TypedResults.Ok(await agents.ForAsync(period, cancellationToken));
    }
}
