using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using WorkPipelines.Domain.Metrics.Dashboard;

namespace WorkPipelines.Domain.Reports;

/// <summary>How a value is shown and typed in files: text, plain number, money, fraction as percent, a day, or a duration in minutes.</summary>
public enum ValueFormat { Text, Number, Money, Percent, Date, Minutes }

/// <summary>A built report: what every renderer (CSV, XLSX, later PDF and HTML) draws from.</summary>
public sealed record ReportModel(string Title, ReportType Type, string PeriodKey, DateOnly From, DateOnly To,
    DateOnly CompareFrom, DateOnly CompareTo, DateTimeOffset GeneratedAt, IReadOnlyList<ReportSection> Sections);

/// <summary>One part of a report. <see cref="Note"/> says why there is nothing to show (no data, not connected).</summary>
public sealed record ReportSection(string Title, IReadOnlyList<ReportKpi> Kpis, IReadOnlyList<ReportTable> Tables,
    IReadOnlyList<ReportSeries> Series, string? Note = null)
{
    public static ReportSection Empty(string title, string note) => new(title, [], [], [], note);

    /// <summary>The currency of its money (ISO code) when its sources said; null means the workspace's.</summary>
    public string? Currency { get; init; }

    /// <summary>The KPI tiles as a table, for files that have no tiles.</summary>
    public ReportTable? KpiTable() => Kpis.Count == 0 ? null : new ReportTable("KPIs",
        [new("KPI", ValueFormat.Text), new("Value", ValueFormat.Number), new("Previous", ValueFormat.Number), new("Change", ValueFormat.Percent)],
        Kpis.Select(k => (IReadOnlyList<string?>)[k.Label, Cells.Number(k.Value), Cells.Number(k.Previous), Cells.Number(k.Change)]).ToList());
}

/// <summary>A KPI tile: now, in the comparison range, and the relative change (0.12 = +12 %).</summary>
public sealed record ReportKpi(string Key, string Label, ValueFormat Format, double? Value, double? Previous, double? Change, bool HigherIsBetter)
{
    /// <summary>The currency of its amount when it has one of its own (a blended KPI); null means its section's.</summary>
    public string? Currency { get; init; }

    public static ReportKpi From(KpiValue kpi) =>
        new(kpi.Key, kpi.Label, Cells.FormatOf(kpi.Format), kpi.Value, kpi.Previous, kpi.Change, kpi.HigherIsBetter) { Currency = kpi.Currency };
}

public sealed record ReportColumn(string Name, ValueFormat Format);

/// <summary>A table; cells are invariant strings (numbers round-trip, dates yyyy-MM-dd) typed by their column.</summary>
public sealed record ReportTable(string Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows);

/// <summary>A chart series over days (for the HTML view and PDF).</summary>
public sealed record ReportSeries(string Name, ValueFormat Format, IReadOnlyList<string> Days, IReadOnlyList<double> Values);

/// <summary>Cell text in the one invariant shape the renderers parse back.</summary>
public static class Cells
{
    public static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    public static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static double? ParseNumber(string? cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static DateOnly? ParseDate(string? cell) =>
        DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value : null;

    public static ValueFormat FormatOf(KpiFormat format) => format switch
    {
        KpiFormat.Money => ValueFormat.Money,
        KpiFormat.Percent => ValueFormat.Percent,
        KpiFormat.Minutes => ValueFormat.Minutes,
        _ => ValueFormat.Number,
    };
}

/// <summary>How report models are stored: web conventions, enums by name.</summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}
