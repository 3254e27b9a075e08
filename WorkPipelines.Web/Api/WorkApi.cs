using WorkPipelines.Web.Features.Activity;
using WorkPipelines.Web.Features.Agents;
using WorkPipelines.Web.Features.Alerts;
using WorkPipelines.Web.Features.Annotations;
using WorkPipelines.Web.Features.BrandAnalysis;
using WorkPipelines.Web.Features.Connectors;
using WorkPipelines.Web.Features.Dashboard;
using WorkPipelines.Web.Features.Goals;
using WorkPipelines.Web.Features.Pipelines;
using WorkPipelines.Web.Features.Reports;
using WorkPipelines.Web.Features.Revenue;
using WorkPipelines.Web.Features.Sharing;
using WorkPipelines.Web.Features.Workspaces;
using WorkPipelines.Web.Security;

namespace WorkPipelines.Web.Api;

public static class WorkApi
{
    /// <summary>Cookie or bearer, signed in. Every /api/work route requires it.</summary>
    public const string Policy = "WorkApi";

    /// <summary>The largest request body a /api/work route accepts.</summary>
    public const int MaxRequestBytes = 256 * 1024;

    /// <summary>Mounts every feature's API under <c>/api/work</c>, authenticated and workspace-scoped.</summary>
    public static IEndpointRouteBuilder MapWorkApi(this IEndpointRouteBuilder endpoints)
    {
        var work = endpoints.MapGroup("/api/work")
            .RequireAuthorization(Policy)
            .AddEndpointFilter<WorkspaceEndpointFilter>()
            // No request here carries more than a few kilobytes; a bigger body is refused (413) before it is read.
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxRequestBytes))
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        work.MapWorkspacesApi();
        work.MapActivityApi();
        work.MapPipelinesApi();
        work.MapConnectorsApi();
        work.MapDashboardApi();
        work.MapRevenueMovementsApi();
        work.MapGoalsApi();
        work.MapAnnotationsApi();
        work.MapSharesApi();
        work.MapAlertsApi();
        work.MapDigestsApi();
        work.MapAgentsApi();
        work.MapReportsApi();
        work.MapReportSchedulesApi();
        work.MapBrandApi();
        work.MapAntiforgeryApi();
        return endpoints;
    }
}
