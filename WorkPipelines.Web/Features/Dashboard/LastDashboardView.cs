using WorkPipelines.Domain.Metrics;

namespace WorkPipelines.Web.Features.Dashboard;

/// <summary>
/// The period the dashboard or a drill-down last showed in this tab (one Blazor circuit): the menu's plain "Dashboard"
/// link comes back to it rather than to the last 30 days, as Grafana keeps its time range from page to page.
/// </summary>
public sealed class LastDashboardView
{
    public PeriodQuery? Query { get; set; }
}
