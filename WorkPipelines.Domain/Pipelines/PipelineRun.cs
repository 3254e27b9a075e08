using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Pipelines;

/// <summary>
/// One durable unit of background work. The table of runs is the queue: a worker claims a
/// Queued run by leasing it, renews the lease by heartbeat and records the outcome.
/// </summary>
public class PipelineRun : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public required string Kind { get; init; }
    public string PayloadJson { get; init; } = "{}";
    public PipelineRunStatus Status { get; set; }

    /// <summary>Attempts started so far (incremented by each claim; a graceful release gives it back).</summary>
    public int Attempt { get; set; }
    public int MaxAttempts { get; init; }

    /// <summary>The kind's timeout when the run was queued; the sweeper enforces it without knowing the kind.</summary>
    public TimeSpan Timeout { get; init; }

    /// <summary>A Queued run is not claimed before this instant (retry backoff).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public int ProgressPercent { get; set; }
    public string? ProgressMessage { get; set; }

    /// <summary>At most one active run per key within a workspace (e.g. one sync per connection).</summary>
    public string? ConcurrencyKey { get; init; }
    public PipelineTrigger Trigger { get; set; }
    public string? RequestedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the current (or last) attempt started.</summary>
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public PipelineErrorKind ErrorKind { get; set; }
    public string? ErrorMessage { get; set; }
    public bool CancelRequested { get; set; }

    public bool IsActive => Status is PipelineRunStatus.Queued or PipelineRunStatus.Running;
}
