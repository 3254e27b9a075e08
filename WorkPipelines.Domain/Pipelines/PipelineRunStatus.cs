namespace WorkPipelines.Domain.Pipelines;

/// <summary>Where a run is in its life. Queued and Running are active; the rest are final.</summary>
public enum PipelineRunStatus
{
    Queued = 0,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
