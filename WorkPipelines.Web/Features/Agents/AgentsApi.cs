using Microsoft.AspNetCore.Http.HttpResults;
using WorkPipelines.Domain.Agents;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Web.Features.Api;
using WorkPipelines.Web.Features.Dashboard;

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
        [AsParameters] PeriodQuery query, DashboardQueries dashboard, AgentStatsQuery agents, CancellationToken cancellationToken)
    {
        var (period, problem) = Period.Parse(query.Period, query.Compare, query.From, query.To, await dashboard.TodayAsync(cancellationToken));
        if (period is null) return WorkProblems.Invalid(problem!);
        return TypedResults.Ok(await agents.ForAsync(period, cancellationToken));
    }
}
