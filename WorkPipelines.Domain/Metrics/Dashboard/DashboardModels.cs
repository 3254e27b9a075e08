using System.ComponentModel;

namespace WorkPipelines.Domain.Metrics.Dashboard;

// [ImmutableObject(true)]: the dashboard cache (HybridCache) hands one instance of a sealed type marked so to every reader
// instead of a copy each; nothing may change them after they are made (records: `with` makes a new one).

public enum PanelStatus { Ok, Error, NotConnected, Stale }

/// <summary>A KPI now and in the comparison range; <see cref="Change"/> is the relative change (0.12 = +12 %).</summary>
[ImmutableObject(true)]
public sealed record KpiValue(string Key, string Label, KpiFormat Format, double? Value, double? Previous, bool HigherIsBetter)
{
    public double? Change => Value is { } now && Previous is { } before && before != 0 ? (now - before) / Math.Abs(before) : null;

    /// <summary>True when the change is good news (a rise in refunds or cost is bad news).</summary>
    public bool? IsGood => Change is { } change && change != 0 ? change > 0 == HigherIsBetter : null;

    /// <summary>The ISO code of the currency its amounts are in, when its sources said (blended KPIs); null otherwise.</summary>
    public string? Currency { get; init; }

    /// <summary>Why <see cref="Value"/> is empty when it could not be computed honestly (amounts in several currencies).</summary>
    public string? Note { get; init; }
}

[ImmutableObject(true)]
public sealed record SeriesData(string Name, IReadOnlyList<double> Values);

[ImmutableObject(true)]
public sealed record BreakdownItem(string Name, double Value);

/// <summary>One panel of the dashboard, as the page and <c>/api/work/dashboard/aggregate</c> give it.</summary>
[ImmutableObject(true)]
public sealed record PanelData(
    string Key, string Title, PanelStatus Status, IReadOnlyList<string> Sources, DateTimeOffset? AsOf, string? Error,
    IReadOnlyList<KpiValue> Kpis, IReadOnlyList<string> Days, IReadOnlyList<SeriesData> Series, string? BreakdownTitle,
    IReadOnlyList<BreakdownItem> Breakdown, KpiFormat SeriesFormat)
{
    /// <summary>
    /// The currencies its sources' amounts are in (ISO codes, from the connectors' <c>currency.*</c> counts): one means the
    /// money is in that currency, which may differ from the workspace's; several are never added, so money figures are left out.
    /// </summary>
    public IReadOnlyList<string> Currencies { get; init; } = [];

    /// <summary>
    /// The comparison range's series, day by day in step with <see cref="Days"/> (value i is the comparison's i-th day);
    /// empty when that range has no data at all.
    /// </summary>
    public IReadOnlyList<SeriesData> Previous { get; init; } = [];

    public static PanelData Failed(PanelDefinition panel, string error) =>
        new(panel.Key, panel.Title, PanelStatus.Error, panel.Sources, null, error, [], [], [], null, [], panel.SeriesFormat);
}

/// <summary>The whole dashboard: the period, the blended strip and every panel.</summary>
public sealed record DashboardData(Period Period, IReadOnlyList<KpiValue> Blended, IReadOnlyList<PanelData> Panels);

/// <summary>A day of a drill-down: the panel's metrics in the order of <see cref="PanelDetail.Columns"/>.</summary>
[ImmutableObject(true)]
public sealed record DetailDay(DateOnly Date, IReadOnlyList<double> Values);

/// <summary>A panel's drill-down: a row per day and the whole breakdown.</summary>
[ImmutableObject(true)]
public sealed record PanelDetail(string Key, string Title, IReadOnlyList<string> Columns, IReadOnlyList<DetailDay> Days,
    string? BreakdownTitle, IReadOnlyList<BreakdownItem> Breakdown, KpiFormat Format)
{
    /// <summary>The currencies of its sources' amounts, as in <see cref="PanelData.Currencies"/>; with several, a money panel has no rows.</summary>
    public IReadOnlyList<string> Currencies { get; init; } = [];

    /// <summary>The comparison range day by day, in step with <see cref="Days"/> (row i is the comparison's i-th day); empty when it has no data.</summary>
    public IReadOnlyList<DetailDay> PreviousDays { get; init; } = [];

    /// <summary>The breakdown over the comparison range, for a "before" column beside <see cref="Breakdown"/>.</summary>
    public IReadOnlyList<BreakdownItem> PreviousBreakdown { get; init; } = [];

    /// <summary>The one currency its money is in; null when it shows no money or its sources did not say.</summary>
    public string? Currency => Format == KpiFormat.Money && Currencies is [var only] ? only : null;

    /// <summary>
    /// The days as CSV (RFC 4180, invariant numbers), for spreadsheets: with a comparison, each row also holds the compared
    /// day and its figures, as the drill-down's table shows them; money says its currency in a last column of its own.
    /// </summary>
    public string DaysCsv() => Csv(
        ["Date", .. Columns, .. PreviousDays.Count > 0 ? ["Compared with", .. Columns.Select(c => $"{c} (compared)")] : Array.Empty<string>(), .. CurrencyHeader],
        Days.Select((d, i) => (IEnumerable<string>)[d.Date.ToString("yyyy-MM-dd"), .. d.Values.Select(Number), .. ComparedCells(i), .. CurrencyCell]));

    /// <summary>The breakdown as CSV, with each name's value over the comparison range beside it when there is one.</summary>
    public string BreakdownCsv()
    {
        var before = PreviousBreakdown.GroupBy(b => b.Name).ToDictionary(g => g.Key, g => g.Sum(b => b.Value));
        return Csv([BreakdownTitle ?? "Name", "Value", .. before.Count > 0 ? ["Compared"] : Array.Empty<string>(), .. CurrencyHeader],
            Breakdown.Select(b => (IEnumerable<string>)[Text(b.Name), Number(b.Value),
                .. before.Count > 0 ? [before.TryGetValue(b.Name, out var was) ? Number(was) : ""] : Array.Empty<string>(), .. CurrencyCell]));
    }

    // Row i's comparison day (the comparison's i-th day), blank where the comparison range is shorter.
    private IEnumerable<string> ComparedCells(int i) =>
        PreviousDays.Count == 0 ? []
        : i < PreviousDays.Count ? [PreviousDays[i].Date.ToString("yyyy-MM-dd"), .. PreviousDays[i].Values.Select(Number)]
        : Enumerable.Repeat("", Columns.Count + 1);

    private IEnumerable<string> CurrencyHeader => Currency is null ? [] : ["Currency"];

    private IEnumerable<string> CurrencyCell => Currency is { } code ? [code] : [];

    // A campaign called "=HYPERLINK(…)" must stay text in a spreadsheet.
    private static string Text(string value) => value.Length > 0 && "=+-@\t\r".Contains(value[0]) ? "'" + value : value;

    private static string Number(double value) => value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    private static string Csv(IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows) =>
        string.Join("\r\n", new[] { header }.Concat(rows).Select(r => string.Join(",", r.Select(Quote)))) + "\r\n";

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{field.Replace("\"", "\"\"")}\"" : field;
}
