using Microsoft.AspNetCore.Http.HttpResults;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Web.Api;

namespace WorkPipelines.Web.Features.Activity;

public static class ActivityApi
{
    public static RouteGroupBuilder MapActivityApi(this RouteGroupBuilder work)
    {
        work.MapGet("/activity", ListAsync).WithName("ListActivity").WithTags("Activity")
            .WithSummary("What people did in the current workspace, newest first. q: text in actor, action or target; page (1+), pageSize (1-200, default 50).");
        return work;
    }

    public static async Task<Results<Ok<ActivityList>, ProblemHttpResult>> ListAsync(ActivityFeed feed, string? q, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (page is < 1) return WorkProblems.Invalid($"page must be 1 or more; got {page}.");
        if (pageSize is < 1 or > ActivityFeed.MaxPageSize) return WorkProblems.Invalid($"pageSize must be between 1 and {ActivityFeed.MaxPageSize}; got {pageSize}.");
        return TypedResults.Ok(await feed.SearchAsync(q, page ?? 1, pageSize ?? 50, cancellationToken));
    }
}
