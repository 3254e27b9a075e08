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
        return new ReportSection("Highlights", blended.Select(ReportKpi.From).ToList(), [], [], CurrencyNote(blended));
    }

    // Revenue and ad spend may be in different currencies: the note says which is which, and why a figure is left out.
    private static string? CurrencyNote(IReadOnlyList<KpiValue> kpis)
    {
        var known = kpis.Where(k => k.Format == KpiFormat.Money && k.Currency is not null).GroupBy(k => k.Currency!)
            .Select(g => $"{string.Join(", ", g.Select(k => k.Label))} in {g.Key}.");
        var note = string.Join(" ", known.Concat(kpis.Select(k => k.Note).OfType<string>()));
        return note.Length == 0 ? null : note;
    }
}
