namespace WorkPipelines.Web.Components.Shared.Charts;

/// <summary>
/// A note on a time chart: a dashed line on a day, or a band over days, with a short label. Drawn through ApexCharts'
/// <c>annotations.xaxis</c> (apexcharts 5.0.0 types/apexcharts.d.ts, XAxisAnnotations).
/// </summary>
/// <param name="From">The day (yyyy-MM-dd), on a chart with date categories.</param>
/// <param name="To">The last day of a band (yyyy-MM-dd); null for a line.</param>
/// <param name="Marker">What a narrow chart shows on the line ("1", "2, 3"): the list beside the chart says the rest.</param>
/// <param name="Label">What a wide chart shows: the text, shortened.</param>
/// <param name="Automatic">The app wrote it (a source connected, history changed): drawn in grey rather than the notes' colour.</param>
public sealed record ChartMark(string From, string? To, string Marker, string Label, bool Automatic);
