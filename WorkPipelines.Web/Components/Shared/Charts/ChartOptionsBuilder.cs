using System.Globalization;
using System.Text;

namespace WorkPipelines.Web.Components.Shared.Charts;

/// <summary>
/// Turns a <see cref="ChartSpec"/> into the options object lib/work/charts.js hands to ApexCharts.
/// Keys are camelCase because the interop serializer leaves dictionary keys as they are. Besides
/// ApexCharts' own keys it adds <c>valueFormat</c>, <c>currency</c>, <c>darkMode</c>, <c>pointTitles</c> and <c>marks</c>, which the
/// module turns into formatter functions, theme colours and annotations (functions cannot be serialized).
/// </summary>
public static class ChartOptionsBuilder
{
    public static Dictionary<string, object?> Build(ChartSpec spec)
    {
        var donut = spec.Type == WorkChartType.Donut;
        var options = new Dictionary<string, object?>
        {
            ["chart"] = Chart(spec),
            ["series"] = SeriesPayload(spec),
            ["dataLabels"] = new Dictionary<string, object?> { ["enabled"] = donut },
            ["legend"] = new Dictionary<string, object?> { ["show"] = donut || spec.Series.Count > 1, ["position"] = "bottom" },
            ["stroke"] = Stroke(spec),
            ["plotOptions"] = PlotOptions(spec.Type),
            ["valueFormat"] = FormatName(spec.Format),
            ["currency"] = spec.Currency,
            ["darkMode"] = spec.DarkMode,
        };
        if (donut)
            options["labels"] = spec.DonutLabels;
        else
            options["xaxis"] = spec.DateCategories
                ? new Dictionary<string, object?>
                {
                    // A time axis spaces its own labels (days, then months) however many points there are.
                    ["type"] = "datetime",
                    ["categories"] = spec.Categories,
                    ["labels"] = new Dictionary<string, object?> { ["datetimeUTC"] = true },
                }
                : CategoryAxis(spec);
        if (HasComparison(spec) && spec.Type == WorkChartType.Area)
            // Solid comparison lines: an area chart's gradient fill would otherwise colour their strokes too (seen on 5.0.0).
            options["fill"] = new Dictionary<string, object?> { ["type"] = spec.Series.Select(s => s.IsComparison ? "solid" : "gradient").ToList() };
        if (PhoneHeight(spec) is { } phone)
            options["responsive"] = new List<object>
            {
                new Dictionary<string, object?> { ["breakpoint"] = PhoneWidth, ["options"] = new Dictionary<string, object?> { ["chart"] = new Dictionary<string, object?> { ["height"] = phone } } },
            };
        if (spec.PointTitles is { Count: > 0 } titles && !donut)
            options["pointTitles"] = titles;
        if (spec.Marks is { Count: > 0 } marks && spec.DateCategories && !donut)
            // charts.js turns these into annotations.xaxis, choosing marker or label by the chart's width.
            options["marks"] = marks.Select(m => new Dictionary<string, object?>
            {
                ["from"] = m.From, ["to"] = m.To, ["marker"] = m.Marker, ["label"] = m.Label, ["automatic"] = m.Automatic,
            }).ToList();
        if (HasComparison(spec))
            options["colors"] = PairedColours(spec);
        else if (spec.Colors is { Count: > 0 })
            options["colors"] = spec.Colors;
        else if ((donut ? spec.DonutLabels.Count : spec.Series.Count) > 5)
            options["colors"] = ManyColours;
        if (spec.Format == ChartValueFormat.Count && !donut)
            options["yaxis"] = CountAxis(spec);
        else if (spec.Type == WorkChartType.Area && spec.Series.All(s => s.Values.All(v => Finite(v) is not < 0)))
            // A filled area reads as a quantity from zero: an axis from 300 made 320 sessions look like twice 310.
            options["yaxis"] = new Dictionary<string, object?> { ["min"] = 0 };
        return options;
    }

    // ApexCharts' responsive breakpoints compare with the window's width: below this, a phone.
    internal const int PhoneWidth = 600;

    // The legend's rows come out of the chart's height: on a phone seven agents' names wrap onto four rows and left a plot
    // 60 px tall. There a chart grows by the rows its legend takes (about two names a row at 390 px), so the plot keeps its size.
    internal static int? PhoneHeight(ChartSpec spec) =>
        spec.Type == WorkChartType.Donut || spec.Series.Count < 2 ? null : spec.Height + LegendRowHeight * ((spec.Series.Count + 1) / 2);

    private const int LegendRowHeight = 24;

    private static bool HasComparison(ChartSpec spec) => spec.Type != WorkChartType.Donut && spec.Series.Any(s => s.IsComparison);

    // A comparison series wears the colour of the series it compares with (the n-th comparison the n-th other series'), dotted.
    private static List<string> PairedColours(ChartSpec spec)
    {
        var palette = spec.Colors is { Count: > 0 } ? spec.Colors : ManyColours;
        var (current, previous) = (0, 0);
        return spec.Series.Select(s => palette[(s.IsComparison ? previous++ : current++) % palette.Count]).ToList();
    }

    // ApexCharts' default palette has five colours and starts again at the sixth: seven sync agents showed
    // Stripe and Mailchimp in one blue. Its five first (so small charts look as before), then five more
    // that differ from them in hue or lightness on light and dark backgrounds.
    internal static readonly IReadOnlyList<string> ManyColours =
        ["#008FFB", "#00E396", "#FEB019", "#FF4560", "#775DD0", "#546E7A", "#8D5B4C", "#F48FB1", "#1B5E20", "#C0CA33"];

    // ApexCharts splits an axis into about five ticks whatever the values: counts up to 1 would read
    // 0, 0.2 … 1.2. Up to ten, one tick per whole number instead; above, its own (nice) ticks suffice.
    private static Dictionary<string, object?> CountAxis(ChartSpec spec)
    {
        var points = spec.Series.Count == 0 ? 0 : spec.Series.Max(s => s.Values.Count);
        var top = Enumerable.Range(0, points)
            .Select(i => spec.Series.Select(s => i < s.Values.Count ? Finite(s.Values[i]) ?? 0 : 0)
                .Aggregate(0.0, (acc, v) => spec.Type == WorkChartType.StackedBar ? acc + v : Math.Max(acc, v)))
            .DefaultIfEmpty(0)
            .Max();
        var whole = (int)Math.Max(1, Math.Ceiling(top));
        return whole <= 10
            ? new() { ["min"] = 0, ["max"] = whole, ["tickAmount"] = whole }
            : new() { ["min"] = 0, ["forceNiceScale"] = true };
    }

    /// <summary>
    /// The <c>series</c> value: named lists for axis charts; for a donut the first series as a
    /// flat list of numbers, because that is the only shape ApexCharts' pie family accepts.
    /// </summary>
    public static object SeriesPayload(ChartSpec spec)
    {
        if (spec.Type == WorkChartType.Donut)
            return spec.Series.Count == 0 ? new List<double>() : spec.Series[0].Values.Select(v => Finite(v) ?? 0).ToList();
        var mixed = HasComparison(spec) && spec.Type == WorkChartType.Area;
        return spec.Series
            .Select(s =>
            {
                var series = new Dictionary<string, object?> { ["name"] = s.Name, ["data"] = s.Values.Select(Finite).ToList() };
                // Over filled areas the comparison is a plain line, not one more fill: a mixed chart, with a `type` per series
                // (apexcharts 5.0.0 types/apexcharts.d.ts, ApexAxisChartSeries).
                if (mixed) series["type"] = s.IsComparison ? "line" : "area";
                return series;
            })
            .ToList();
    }

    /// <summary>
    /// A string that changes whenever anything drawn changes, except the theme (that goes through
    /// setTheme) on a chart without marks. Parents usually rebuild their lists on every render, so comparing references
    /// would redraw the chart for nothing; comparing this string costs one pass over the values.
    /// </summary>
    public static string Signature(ChartSpec spec)
    {
        var text = new StringBuilder()
            .Append(spec.Type).Append('|').Append(spec.Height).Append('|').Append(spec.Format).Append('|').Append(spec.Currency)
            .Append("|c:").AppendJoin('\u001f', spec.Categories)
            .Append("|l:").AppendJoin('\u001f', spec.Labels)
            .Append("|k:").AppendJoin('\u001f', spec.Colors ?? [])
            .Append("|t:").AppendJoin('\u001f', spec.PointTitles ?? [])
            .Append("|a:").AppendJoin('\u001f', (spec.Marks ?? []).Select(m => $"{m.From}~{m.To}~{m.Marker}~{m.Label}~{m.Automatic}"))
            // Marks take lighter lines on a dark background, drawn by update (setTheme only recolours axes): the theme counts when there are any.
            .Append(spec.Marks is { Count: > 0 } ? $"|d:{spec.DarkMode}" : "");
        foreach (var series in spec.Series)
        {
            text.Append(series.IsComparison ? "|p:" : "|s:").Append(series.Name).Append(':');
            foreach (var value in series.Values)
                text.Append(value?.ToString("R", CultureInfo.InvariantCulture)).Append(',');
        }
        return text.ToString();
    }

    public static string ApexType(WorkChartType type) => type switch
    {
        WorkChartType.Line => "line",
        WorkChartType.Area => "area",
        WorkChartType.Bar or WorkChartType.StackedBar => "bar",
        WorkChartType.Donut => "donut",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown chart type"),
    };

    public static string FormatName(ChartValueFormat format) => format switch
    {
        ChartValueFormat.Number => "number",
        ChartValueFormat.Money => "money",
        ChartValueFormat.Percent => "percent",
        ChartValueFormat.Duration => "duration",
        ChartValueFormat.Count => "count",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown value format"),
    };

    private static Dictionary<string, object?> Chart(ChartSpec spec) => new()
    {
        ["type"] = ApexType(spec.Type),
        ["height"] = spec.Height,
        // Width follows the container (panel cards resize with the grid and the phone drawer).
        ["width"] = "100%",
        ["stacked"] = spec.Type == WorkChartType.StackedBar,
        ["fontFamily"] = "inherit",
        ["parentHeightOffset"] = 0,
        ["redrawOnParentResize"] = true,
        // Panels are glanceable summaries: zooming and the download menu only get in the way.
        ["toolbar"] = new Dictionary<string, object?> { ["show"] = false },
        ["zoom"] = new Dictionary<string, object?> { ["enabled"] = false },
    };

    private static Dictionary<string, object?> Stroke(ChartSpec spec) => spec.Type switch
    {
        WorkChartType.Line or WorkChartType.Area when HasComparison(spec) => new()
        {
            ["curve"] = "smooth",
            ["width"] = 2,
            // A dash of 4 px on comparison series only: stroke.dashArray is `number | number[]`, one per series
            // (apexcharts 5.0.0 types/apexcharts.d.ts, ApexStroke).
            ["dashArray"] = spec.Series.Select(s => s.IsComparison ? 4 : 0).ToList(),
        },
        WorkChartType.Line or WorkChartType.Area => new() { ["curve"] = "smooth", ["width"] = 2 },
        _ => new() { ["width"] = 0 },
    };

    private static Dictionary<string, object?> PlotOptions(WorkChartType type) => type switch
    {
        WorkChartType.Bar or WorkChartType.StackedBar => new()
        {
            ["bar"] = new Dictionary<string, object?> { ["columnWidth"] = "60%", ["borderRadius"] = 2 },
        },
        WorkChartType.Donut => new()
        {
            ["pie"] = new Dictionary<string, object?>
            {
                ["donut"] = new Dictionary<string, object?>
                {
                    ["size"] = "65%",
                    ["labels"] = new Dictionary<string, object?>
                    {
                        ["show"] = true,
                        ["total"] = new Dictionary<string, object?> { ["show"] = true, ["label"] = "Total" },
                    },
                },
            },
        },
        _ => new(),
    };

    // System.Text.Json refuses NaN and infinities; a gap is the honest rendering of a broken value.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static Dictionary<string, object?> CategoryAxis(ChartSpec spec)
    {
        var axis = new Dictionary<string, object?>
        {
            ["categories"] = spec.Categories,
            ["labels"] = new Dictionary<string, object?> { ["rotate"] = 0, ["hideOverlappingLabels"] = true },
        };
        // Past a dozen labels they collide: show about eight, level, and keep every point. Below that the key must be absent,
        // not null: apexcharts 5.0.0 takes any tickAmount that is not undefined as set, and a null one keeps only the first label.
        if (spec.Categories.Count > 12) axis["tickAmount"] = 8;
        return axis;
    }
}
