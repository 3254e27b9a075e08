using WorkPipelines.Domain.Reports.Rendering;

namespace WorkPipelines.Domain.Reports.Builders;

/// <summary>
/// The Executive report's opening, in words: the three largest changes of the period, one sentence each, computed from the
/// KPIs of its sections (no language model). A change is measured against the comparison period; rates move in points, not
/// per cent of themselves; tiny bases (a count that went from 2 to 5) are left out because their percentages say nothing.
/// </summary>
public static class ExecutiveSummary
{
    public const string Title = "In short";

    private const int Count = 3;

    public static ReportSection? Section(IReadOnlyList<ReportSection> sections, string workspaceCurrency)
    {
        var candidates = sections
            .SelectMany(s => s.Kpis.Select(k => (Kpi: k, Currency: k.Currency ?? s.Currency ?? workspaceCurrency)))
            .Where(x => x.Kpi is { Value: not null, Previous: not null, Change: not null } && Meaningful(x.Kpi))
            // The strip and a panel may both carry one figure (revenue): the first, the strip's, speaks for it.
            .DistinctBy(x => x.Kpi.Label, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(x => Math.Abs(x.Kpi.Change!.Value))
            .ToList();
        if (!sections.Any(s => s.Kpis.Count > 0)) return null;
        var lines = candidates.Where(x => Math.Abs(x.Kpi.Change!.Value) >= 0.01).Take(Count).Select(x => Sentence(x.Kpi, x.Currency)).ToList();
        var text = lines.Count > 0 ? string.Join(" ", lines) : "No figure moved by 1% or more against the comparison period.";
        return ReportSection.Empty(Title, text);
    }

    /// <summary>"Revenue rose 12% to $45,210, from $40,300." A change for the worse says it is worth a look.</summary>
    public static string Sentence(ReportKpi kpi, string currency)
    {
        var (value, previous) = (kpi.Value!.Value, kpi.Previous!.Value);
        var verb = value > previous ? "rose" : "fell";
        var by = kpi.Format == ValueFormat.Percent
            ? $"{Math.Abs(value - previous) * 100:0.#} points"
            : Math.Abs(kpi.Change!.Value).ToString("P0", System.Globalization.CultureInfo.GetCultureInfo("en-US"));
        var worse = ReportText.IsGood(kpi) == false ? ": worth a look" : "";
        return $"{kpi.Label} {verb} {by} to {ReportText.Value(kpi.Format, value, currency)}, from {ReportText.Value(kpi.Format, previous, currency)}{worse}.";
    }

    // Counts under 20 on both sides move by large percentages for no reason; amounts and rates are taken as they are.
    private static bool Meaningful(ReportKpi kpi) =>
        kpi.Format != ValueFormat.Number || Math.Max(Math.Abs(kpi.Value!.Value), Math.Abs(kpi.Previous!.Value)) >= 20;
}
