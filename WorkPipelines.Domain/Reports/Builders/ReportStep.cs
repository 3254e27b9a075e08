using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;

namespace WorkPipelines.Domain.Reports.Builders;

/// <summary>What a section is built from: the dashboard's queries (so numbers match it), the database and the frozen period.</summary>
public sealed record ReportSources(DashboardQueries Queries, WorkDbContext Db, Period Period);

/// <summary>One section to build; a null section is left out (e.g. an unconnected source in the executive summary).</summary>
public sealed record ReportStep(string Title, Func<ReportSources, CancellationToken, Task<ReportSection?>> BuildAsync);

/// <summary>The sections of each report type, in order.</summary>
public static class ReportBuilders
{
    public static IReadOnlyList<ReportStep> StepsFor(ReportType type) => type switch
    {
        ReportType.Executive => ExecutiveReport.Steps,
        ReportType.Revenue => [PanelSections.Step("revenue", detailed: true)],
        ReportType.Marketing => [.. new[] { "ads", "traffic", "social", "email" }.Select(p => PanelSections.Step(p, detailed: true))],
        ReportType.Support => [PanelSections.Step("support", detailed: true)],
        ReportType.PipelineHealth => PipelineHealthReport.Steps,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no builder for this report type"),
    };

    public static string TitleOf(ReportType type) => type switch
    {
        ReportType.PipelineHealth => "Pipeline health report",
        ReportType.Executive => "Executive summary",
        _ => $"{type} report",
    };
}
