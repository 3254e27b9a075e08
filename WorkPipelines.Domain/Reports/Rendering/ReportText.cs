using System.Globalization;

namespace WorkPipelines.Domain.Reports.Rendering;

/// <summary>Report values as people read them (PDF and the in-app view): exact amounts, the workspace currency, readable dates.</summary>
public static class ReportText
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");

    /// <summary>A table cell (stored invariant, see <see cref="Cells"/>) in its column's format.</summary>
    public static string Cell(ValueFormat format, string? cell, string currency = "USD") => format switch
    {
        _ when string.IsNullOrEmpty(cell) => "–",
        ValueFormat.Text => cell,
        ValueFormat.Date => Cells.ParseDate(cell) is { } day ? day.ToString("d MMM yyyy", Culture) : cell,
        // Cents on every amount in a column, so its figures line up.
        ValueFormat.Money => Cells.ParseNumber(cell) is { } amount ? Sign(amount) + Symbol(currency) + Math.Abs(amount).ToString("N2", Culture) : cell,
        _ => Value(format, Cells.ParseNumber(cell), currency),
    };

    /// <summary>An exact value: money with cents under 1,000, whole above; percent with one decimal.</summary>
    public static string Value(ValueFormat format, double? value, string currency = "USD") => value switch
    {
        null => "–",
        { } v when format == ValueFormat.Percent => v.ToString("P1", Culture),
        { } v when format == ValueFormat.Minutes => v < 90 ? v.ToString("0", Culture) + " min" : (v / 60).ToString("0.#", Culture) + " h",
        { } v when format == ValueFormat.Money => Sign(v) + Symbol(currency) + Math.Abs(v).ToString(Math.Abs(v) >= 1000 ? "N0" : "N2", Culture),
        { } v => Sign(v) + Math.Abs(v).ToString(v % 1 == 0 || Math.Abs(v) >= 1000 ? "N0" : "N2", Culture),
    };

    /// <summary>Axis labels: 12.4k, $1.2M.</summary>
    public static string Short(ValueFormat format, double value, string currency = "USD")
    {
        if (format == ValueFormat.Percent) return value.ToString("P0", Culture);
        var abs = Math.Abs(value);
        var text = abs switch
        {
            >= 1_000_000_000 => (abs / 1_000_000_000).ToString("0.#", Culture) + "B",
            >= 1_000_000 => (abs / 1_000_000).ToString("0.#", Culture) + "M",
            >= 1_000 => (abs / 1_000).ToString("0.#", Culture) + "k",
            _ => abs.ToString("0.##", Culture),
        };
        return Sign(value) + (format == ValueFormat.Money ? Symbol(currency) : "") + text;
    }

    /// <summary>A relative change: +12%, −3%.</summary>
    public static string Change(double change) => Flat(change) ? "0%" : (change >= 0 ? "+" : "−") + Math.Abs(change).ToString("P0", Culture);

    public static string Day(DateOnly day) => day.ToString("d MMM yyyy", Culture);

    /// <summary>"1 – 31 Mar 2026", "28 Feb – 6 Mar 2026", "15 Dec 2025 – 14 Jan 2026".</summary>
    public static string Range(DateOnly from, DateOnly to) =>
        from == to ? Day(from)
        : from.Year != to.Year ? $"{Day(from)} – {Day(to)}"
        : from.Month != to.Month ? $"{from.ToString("d MMM", Culture)} – {Day(to)}"
        : $"{from.Day} – {Day(to)}";

    /// <summary>What a period key means to a reader.</summary>
    public static string PeriodName(string key) => key switch
    {
        "7d" => "Last 7 days",
        "30d" => "Last 30 days",
        "90d" => "Last 90 days",
        "12m" => "Last 12 months",
        "mtd" => "Month to date",
        "lastmonth" => "Last month",
        "quarter" => "Quarter to date",
        "lastquarter" => "Last quarter",
        "custom" => "Custom range",
        _ => key,
    };

    /// <summary>Whether a change is good news, as the dashboard colours it (a rise in cost is bad).</summary>
    /// A change that rounds to 0% is neither: a red "+0%" alarms for nothing.
    public static bool? IsGood(ReportKpi kpi) => kpi.Change is { } change && !Flat(change) ? change > 0 == kpi.HigherIsBetter : null;

    private static bool Flat(double change) => Math.Abs(change) < 0.005;

    private static string Sign(double value) => value < 0 ? "−" : "";

    private static string Symbol(string currency) => currency switch { "USD" => "$", "EUR" => "€", "GBP" => "£", _ => currency + " " };
}
