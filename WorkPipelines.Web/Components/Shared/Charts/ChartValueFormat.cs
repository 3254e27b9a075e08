namespace WorkPipelines.Web.Components.Shared.Charts;

/// <summary>How chart values read on axes, tooltips and in the accessible table.</summary>
public enum ChartValueFormat
{
    /// <summary>Plain numbers; axes abbreviate (12.4k).</summary>
    Number,

    /// <summary>Amounts in <see cref="WorkChart.Currency"/>.</summary>
    Money,

    /// <summary>Values already in percent (12.5 reads "12.5%").</summary>
    Percent,

    /// <summary>Values in seconds (200 reads "3m 20s").</summary>
    Duration,

    /// <summary>Whole things counted (runs, tickets): the axis never shows fractions, even when the top is 1.</summary>
    Count,
}
