using WorkPipelines.Domain.Metrics.Dashboard;

namespace WorkPipelines.Domain.Reports.Builders;

/// <summary>A dashboard panel as a report section: the same KPI tiles, its days as a table and its breakdown.</summary>
public static class PanelSections
{
    public const string NoData = "No data for this period.";

    /// <param name="detailed">Every day as a table and the whole breakdown; otherwise the panel's top five.</param>
    /// <param name="connectedOnly">Leave the section out when the panel's sources are not connected.</param>
    public static ReportStep Step(string panelKey, bool detailed, bool connectedOnly = false)
    {
        var panel = PanelDefinitions.Find(panelKey) ?? throw new ArgumentException($"unknown panel '{panelKey}'", nameof(panelKey));
        return new ReportStep(panel.Title, (sources, ct) => BuildAsync(panel, sources, detailed, connectedOnly, ct));
    }

    private static async Task<ReportSection?> BuildAsync(PanelDefinition panel, ReportSources sources, bool detailed, bool connectedOnly, CancellationToken ct)
    {
        var data = await sources.Queries.PanelAsync(panel, sources.Period, ct);
        if (data.Status == PanelStatus.NotConnected)
            return connectedOnly ? null : ReportSection.Empty(panel.Title, $"{panel.Title} is not connected, so there is no data for this period.");

        var detail = await sources.Queries.DetailAsync(panel, sources.Period, ct);
        var several = panel.SeriesFormat == KpiFormat.Money && data.Currencies.Count > 1;
        if (!several && detail.Days.All(d => d.Values.All(v => v == 0)) && detail.Breakdown.Count == 0)
            return ReportSection.Empty(panel.Title, NoData);

        var format = Cells.FormatOf(panel.SeriesFormat);
        List<ReportTable> tables = [];
        if (detailed)
        {
            tables.Add(new ReportTable("By day", [new("Date", ValueFormat.Date), .. detail.Columns.Select(c => new ReportColumn(c, format))],
                detail.Days.Select(d => (IReadOnlyList<string?>)[Cells.Date(d.Date), .. d.Values.Select(v => Cells.Number(v))]).ToList()));
        }
        var breakdown = detailed ? detail.Breakdown : data.Breakdown;
        if (breakdown.Count > 0)
        {
            tables.Add(new ReportTable(detail.BreakdownTitle ?? "Breakdown", [new(detail.BreakdownTitle ?? "Name", ValueFormat.Text), new("Value", format)],
                breakdown.Select(b => (IReadOnlyList<string?>)[b.Name, Cells.Number(b.Value)]).ToList()));
        }
        var stale = data.Status == PanelStatus.Stale
            ? $"A source of {panel.Title} is failing or paused; numbers are as of {data.AsOf:yyyy-MM-dd HH:mm} UTC."
            : null;
        var note = string.Join(" ", new[] { CurrencyNote(panel, data, await sources.Queries.WorkspaceCurrencyAsync(ct)), stale }.OfType<string>());
        return new ReportSection(panel.Title, data.Kpis.Select(ReportKpi.From).ToList(), tables,
            data.Series.Select(s => new ReportSeries(s.Name, format, data.Days, s.Values)).ToList(), note.Length == 0 ? null : note)
        {
            Currency = detail.Currency,
        };
    }

    // As the panel does, every file of the report (CSV and XLSX have no currency format of their own) says when its money is
    // not in the workspace's currency, or why it is left out.
    private static string? CurrencyNote(PanelDefinition panel, PanelData data, string workspaceCurrency) =>
        panel.Kpis.All(k => k.Format != KpiFormat.Money) ? null
        : data.Currencies switch
        {
            [] => null,
            [var only] when only == workspaceCurrency => null,
            [var only] => $"Amounts in {only}, the currency the account settles in (workspace: {workspaceCurrency}).",
            var several => $"Amounts in {string.Join(", ", several)} are not added together, so money figures are left out.",
        };
}
