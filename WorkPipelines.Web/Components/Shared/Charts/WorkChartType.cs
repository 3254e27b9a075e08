namespace WorkPipelines.Web.Components.Shared.Charts;

/// <summary>The kinds of chart <see cref="WorkChart"/> draws.</summary>
public enum WorkChartType
{
    /// <summary>Lines over categories (trends).</summary>
    Line,

    /// <summary>Filled lines over categories (volumes).</summary>
    Area,

    /// <summary>Bars side by side per category.</summary>
    Bar,

    /// <summary>Bars stacked per category (parts of a total).</summary>
    StackedBar,

    /// <summary>Share of a whole; uses <see cref="WorkChart.Labels"/> and the first series.</summary>
    Donut,
}
