using System.Globalization;
using WorkPipelines.Domain.Metrics.Dashboard;

namespace WorkPipelines.Web.Features.Dashboard;

/// <summary>Numbers as people read them: 12.4k with the exact value on hover; money in the workspace currency.</summary>
public static class KpiText
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");

    public static string Short(double? value, KpiFormat format, string currency = "USD") => value switch
    {
        null => "–",
        var v when format == KpiFormat.Percent => v.Value.ToString("P1", Culture),
        var v when format == KpiFormat.Minutes => v.Value < 90 ? $"{v.Value:0} min" : $"{v.Value / 60:0.#} h",
        var v when format == KpiFormat.Money => Symbol(currency) + Abbreviate(v.Value, money: true),
        var v => Abbreviate(v.Value, money: false),
    };

    public static string Exact(double? value, KpiFormat format, string currency = "USD") => value switch
    {
        null => "no data",
        var v when format == KpiFormat.Percent => v.Value.ToString("P2", Culture),
        var v when format == KpiFormat.Money => $"{v.Value.ToString("N2", Culture)} {currency}",
        var v when format == KpiFormat.Minutes => $"{v.Value:N1} minutes",
        var v => v.Value.ToString(v.Value % 1 == 0 ? "N0" : "N2", Culture),
    };

    /// <summary>
    /// One way of writing every number of a list or a column, chosen by its largest: whole amounts from 10,000 up ("$21,340"
    /// beside "$9,620"), cents below, never "$21k" beside "$9,620.00". Percentages and minutes read as in <see cref="Short"/>.
    /// </summary>
    public static Func<double?, string> Uniform(IEnumerable<double?> values, KpiFormat format, string currency = "USD")
    {
        if (format is not (KpiFormat.Money or KpiFormat.Number)) return v => Short(v, format, currency);
        var whole = values.Where(v => v is { } x && double.IsFinite(x)).Select(v => Math.Abs(v!.Value)).DefaultIfEmpty(0).Max() >= 10_000;
        return value => value switch
        {
            null => "–",
            var v when format == KpiFormat.Money => (v < 0 ? "−" : "") + Symbol(currency) + Math.Abs(v.Value).ToString(whole ? "N0" : "N2", Culture),
            var v => (v < 0 ? "−" : "") + Math.Abs(v.Value).ToString(whole || v % 1 == 0 ? "N0" : "N2", Culture),
        };
    }

    /// <summary>"+9%", "−12%"; a change too small to show is "0%", without a sign a reader would take for a direction.</summary>
    public static string Change(double? change) => change switch
    {
        null => "",
        var c when IsFlat(c.Value) => 0.ToString("P0", Culture),
        var c => (c.Value > 0 ? "+" : "−") + Math.Abs(c.Value).ToString("P0", Culture),
    };

    /// <summary>A change that rounds to 0%: neither good nor bad news.</summary>
    public static bool IsFlat(double change) => Math.Abs(change) < 0.005;

    private static string Abbreviate(double value, bool money)
    {
        var abs = Math.Abs(value);
        var sign = value < 0 ? "−" : "";
        return abs switch
        {
            >= 1_000_000_000 => $"{sign}{abs / 1_000_000_000:0.#}B",
            >= 1_000_000 => $"{sign}{abs / 1_000_000:0.#}M",
            >= 10_000 => $"{sign}{abs / 1_000:0.#}k",
            _ => sign + abs.ToString(money ? "N2" : abs % 1 == 0 ? "N0" : "N2", Culture),
        };
    }

    private static string Symbol(string currency) => currency switch { "USD" => "$", "EUR" => "€", "GBP" => "£", _ => currency + " " };
}
