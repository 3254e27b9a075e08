using Microsoft.AspNetCore.Http.HttpResults;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Web.Features.Api;

namespace WorkPipelines.Web.Features.Activity;

public static class ActivityApi
{
    public static RouteGroupBuilder MapActivityApi(this RouteGroupBuilder work)
    {
        work.MapGet("/activity", ListAsync).WithName("ListActivity").WithTags("Activity")
            .WithSummary("What people did in the current workspace, newest first (take: 1-500, default 100).");
        return work;
    }

    public static async Task<Results<Ok<List<ActivityEntry>>, ProblemHttpResult>> ListAsync(ActivityFeed feed, int? take, CancellationToken cancellationToken)
    {
        if (take is < 1 or > 500) return WorkProblems.Invalid($"take must be between 1 and 500; got {take}.");
        return TypedResults.Ok(await feed.LatestAsync(take ?? 100, cancellationToken));
    }
}
