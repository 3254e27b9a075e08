namespace WorkPipelines.Domain.Pipelines;

/// <summary>What just happened to a run.</summary>
public enum RunEventType
{
    Queued,
    Started,
    Progress,
    /// <summary>A transient failure; the run waits out its backoff and runs again.</summary>
    Retrying,
    /// <summary>Back in the queue without failing: a graceful stop, or a dead worker's lease expired.</summary>
    Requeued,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>A run's lifecycle event, as published to the open UI and the SignalR hub.</summary>
public sealed record RunEvent(
    RunEventType Type,
    Guid RunId,
    Guid WorkspaceId,
    string Kind,
    string KindTitle,
    PipelineRunStatus Status,
    int ProgressPercent,
    string? Message,
    string? RequestedByUserId,
    DateTimeOffset At)
{
    public bool IsFinal => Type is RunEventType.Succeeded or RunEventType.Failed or RunEventType.Cancelled;
}
