namespace WorkPipelines.Domain.Pipelines;

/// <summary>A request to run <paramref name="Kind"/> for a workspace.</summary>
public sealed record PipelineRequest(Guid WorkspaceId, string Kind)
{
    /// <summary>Serialised to JSON with web conventions; read back with <see cref="PipelineContext.GetPayload{T}"/>.</summary>
    public object? Payload { get; init; }

    /// <summary>When set, an active run with the same key in the workspace is returned instead of queueing another.</summary>
    public string? ConcurrencyKey { get; init; }
    public PipelineTrigger Trigger { get; init; } = PipelineTrigger.User;
    public string? RequestedByUserId { get; init; }
}

/// <summary>The run a request landed on; <see cref="IsNew"/> is false when an active run with the same key was returned.</summary>
public sealed record EnqueuedRun(PipelineRun Run, bool IsNew);

/// <summary>What a heartbeat learned.</summary>
public enum LeaseRenewal
{
    Renewed,
    CancelRequested,
    /// <summary>The run is no longer this worker's (swept, finished elsewhere): stop without recording anything.</summary>
    Lost,
}
