using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Connectors;

/// <summary>
/// How far a stream of a connection has been read. Written in the same transaction as the
/// records of the page it covers, so a resumed sync continues exactly where the last one stopped.
/// </summary>
public class StreamCheckpoint : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Guid ConnectionId { get; init; }
    public required string Stream { get; init; }

    /// <summary>Connector-defined position (JSON or an opaque token); null means "from the beginning".</summary>
    public string? Cursor { get; set; }
    public long RecordsSynced { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
