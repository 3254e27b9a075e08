using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Connectors;

/// <summary>
/// One provider record, normalised: what day it counts on, an optional dimension (campaign,
/// channel, page, product…) and its measures. Upserted by (connection, stream, provider id),
/// so re-reading a page never duplicates anything.
/// </summary>
public class SourceRecord : ITenantOwned
{
    public long Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid ConnectionId { get; init; }
    public required string Stream { get; init; }
    public required string ExternalId { get; init; }
    public DateOnly Date { get; set; }
    public string Dimension { get; set; } = "";

    /// <summary>Measures as a JSON object of metric name to number, e.g. <c>{"revenue.gross":129.5}</c>.</summary>
    public string ValuesJson { get; set; } = "{}";
    public DateTimeOffset SyncedAt { get; set; }
}
