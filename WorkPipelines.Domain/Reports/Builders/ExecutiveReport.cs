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
        var note = CurrencyNote(blended, await sources.Queries.WorkspaceCurrencyAsync(ct));
        return new ReportSection("Highlights", blended.Select(ReportKpi.From).ToList(), [], [], note);
    }

    // Revenue and ad spend may be in currencies other than the workspace's, or in two different ones: the note says which
    // figure is in which, and why a figure is left out.
    private static string? CurrencyNote(IReadOnlyList<KpiValue> kpis, string workspaceCurrency)
    {
        var known = kpis.Where(k => k.Format == KpiFormat.Money && k.Currency is { } c && c != workspaceCurrency).GroupBy(k => k.Currency!)
            .Select(g => $"{string.Join(", ", g.Select(k => k.Label))} in {g.Key}.");
        var note = string.Join(" ", known.Concat(kpis.Select(k => k.Note).OfType<string>()));
        return note.Length == 0 ? null : note;
    }
}
