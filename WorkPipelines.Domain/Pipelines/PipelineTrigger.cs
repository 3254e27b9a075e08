namespace WorkPipelines.Domain.Pipelines;

/// <summary>What asked for a run. Automatic retries keep the original trigger; <see cref="Retry"/> is a person re-running a finished run.</summary>
public enum PipelineTrigger
{
    User = 0,
    Schedule,
    Api,
    Retry,
}
