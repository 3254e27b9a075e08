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
            _ => v.ToString("#,0.##", c),
        };
    }

    // Same shape as duration() in charts.js: "42s", "3m 20s", "1h 05m".
    private static string Duration(double seconds)
    {
        var s = (long)Math.Round(Math.Abs(seconds), MidpointRounding.AwayFromZero);
        var sign = seconds < 0 ? "-" : "";
        return s switch
        {
            < 60 => $"{sign}{s}s",
            < 3600 => $"{sign}{s / 60}m {s % 60:00}s",
            _ => $"{sign}{s / 3600}h {s % 3600 / 60:00}m",
        };
    }
}
