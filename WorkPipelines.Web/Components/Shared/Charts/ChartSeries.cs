namespace WorkPipelines.Web.Components.Shared.Charts;

/// <summary>
/// One named line, bar set or donut source. <see cref="Values"/> align with the chart's
/// categories; a null is a gap (no data that day), not a zero.
/// </summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values)
{
    /// <summary>
    /// The comparison range of a series of the same chart (the n-th comparison series goes with the n-th other one):
    /// drawn as a dotted line in that series' colour, its value beside it in the tooltip.
    /// </summary>
    public bool IsComparison { get; init; }
}
