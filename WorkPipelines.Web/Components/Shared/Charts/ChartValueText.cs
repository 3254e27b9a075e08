using System.Globalization;

namespace WorkPipelines.Web.Components.Shared.Charts;

/// <summary>
/// Text for one chart value in the screen-reader table. Exact values, like the chart's tooltips
/// (lib/work/charts.js formats those); invariant culture so the table reads the same on every server.
/// </summary>
public static class ChartValueText
{
    public static string Format(double? value, ChartValueFormat format, string currency = "USD")
    {
        if (value is not { } v || !double.IsFinite(v))
            return "no data";
        var c = CultureInfo.InvariantCulture;
        return format switch
        {
            ChartValueFormat.Money => $"{v.ToString("#,0.00", c)} {currency}",
            ChartValueFormat.Percent => $"{v.ToString("0.##", c)}%",
            ChartValueFormat.Duration => Duration(v),
            ChartValueFormat.Count => v.ToString("#,0", c),
            _ => v.ToString("#,0.##", c),
        };
    }

    // Same shape as duration() in charts.js: "271ms", "2.5s", "42s", "3m 20s", "1h 05m".
    private static string Duration(double seconds)
    {
        var abs = Math.Abs(seconds);
        var sign = seconds < 0 ? "-" : "";
        if (abs == 0) return "0s";
        if (abs < 1) return $"{sign}{Math.Round(abs * 1000, MidpointRounding.AwayFromZero)}ms";
        if (abs < 10) return $"{sign}{abs.ToString("0.#", CultureInfo.InvariantCulture)}s";
        var s = (long)Math.Round(abs, MidpointRounding.AwayFromZero);
        return s switch
        {
            < 60 => $"{sign}{s}s",
            < 3600 => $"{sign}{s / 60}m {s % 60:00}s",
            _ => $"{sign}{s / 3600}h {s % 3600 / 60:00}m",
        };
    }
}
