namespace WorkPipelines.Web.Components.Shared.Charts;

/// <summary>
/// Everything <see cref="WorkChart"/> knows about the chart it draws, as one value so
/// <see cref="ChartOptionsBuilder"/> can be tested without a component or a browser.
/// </summary>
public sealed record ChartSpec(
    WorkChartType Type,
    IReadOnlyList<ChartSeries> Series,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Labels,
    int Height = 260,
    IReadOnlyList<string>? Colors = null,
    ChartValueFormat Format = ChartValueFormat.Number,
    string Currency = "USD",
    bool DarkMode = false,
    bool DateCategories = false,
    IReadOnlyList<string>? PointTitles = null,
    IReadOnlyList<ChartMark>? Marks = null)
{
    /// <summary>True when at least one series has at least one value; otherwise there is nothing to draw.</summary>
    public bool HasData => Series.Any(s => s.Values.Any(v => v is not null && double.IsFinite(v.Value)));

    /// <summary>Donut slices are named by <see cref="Labels"/>, falling back to the categories.</summary>
    public IReadOnlyList<string> DonutLabels => Labels.Count > 0 ? Labels : Categories;
}
