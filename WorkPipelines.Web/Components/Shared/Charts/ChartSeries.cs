namespace WorkPipelines.Web.Components.Shared.Charts;

/// <summary>
/// One named line, bar set or donut source. <see cref="Values"/> align with the chart's
/// categories; a null is a gap (no data that day), not a zero.
/// </summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values);
