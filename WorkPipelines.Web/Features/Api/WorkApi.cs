using WorkPipelines.Web.Features.Activity;
using WorkPipelines.Web.Features.Agents;
using WorkPipelines.Web.Features.BrandAnalysis;
using WorkPipelines.Web.Features.Connectors;
using WorkPipelines.Web.Features.Dashboard;
using WorkPipelines.Web.Features.Pipelines;
using WorkPipelines.Web.Features.Reports;
using WorkPipelines.Web.Features.Workspaces;

namespace WorkPipelines.Web.Features.Api;

public static class WorkApi
{
    /// <summary>Cookie or bearer, signed in. Every /api/work route requires it.</summary>
    public const string Policy = "WorkApi";

    /// <summary>Mounts every feature's API under <c>/api/work</c>, authenticated and workspace-scoped.</summary>
    public static IEndpointRouteBuilder MapWorkApi(this IEndpointRouteBuilder endpoints)
    {
        var work = endpoints.MapGroup("/api/work")
            .RequireAuthorization(Policy)
            .AddEndpointFilter<WorkspaceEndpointFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        work.MapWorkspacesApi();
        work.MapActivityApi();
        work.MapPipelinesApi();
        work.MapConnectorsApi();
        work.MapDashboardApi();
        work.MapAgentsApi();
        work.MapReportsApi();
        work.MapBrandApi();
        return endpoints;
    }
}
