using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Metrics.Dashboard;

namespace WorkPipelines.Domain.Reports.Builders;

/// <summary>The blended strip, then one short section per connected panel.</summary>
public static class ExecutiveReport
{
    public static IReadOnlyList<ReportStep> Steps { get; } =
    [
        new ReportStep("Highlights", HighlightsAsync),
        .. PanelDefinitions.All.Select(p => PanelSections.Step(p.Key, detailed: false, connectedOnly: true)),
    ];

    private static async Task<ReportSection?> HighlightsAsync(ReportSources sources, CancellationToken ct)
    {
        if (!await sources.Db.Connections.AnyAsync(ct))
            return ReportSection.Empty("Highlights", "No data for this period: no source is connected yet.");
        var blended = await sources.Queries.BlendedAsync(sources.Period, ct);
        return new ReportSection("Highlights", blended.Select(ReportKpi.From).ToList(), [], []);
    }
}
