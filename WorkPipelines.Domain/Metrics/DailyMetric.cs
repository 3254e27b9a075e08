using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Metrics;

/// <summary>
/// A rolled-up number: workspace × source × metric × day (× optional dimension, "" for the total).
/// Dashboards and reports read these; they are recomputed for the days a sync touched.
/// </summary>
public class DailyMetric : ITenantOwned
{
    public long Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string Source { get; init; }
    public required string Metric { get; init; }
    public DateOnly Date { get; init; }
    public string Dimension { get; init; } = "";
    public double Value { get; set; }
}
