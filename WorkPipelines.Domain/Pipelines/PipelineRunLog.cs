using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Pipelines;

/// <summary>One line a run wrote. Only the newest <see cref="PipelineOptions.LogLinesPerRun"/> lines of a run are kept.</summary>
public class PipelineRunLog : ITenantOwned
{
    public long Id { get; init; }
    public Guid RunId { get; init; }
    public Guid WorkspaceId { get; init; }

    /// <summary>Increases across attempts, so the newest lines are the highest numbers.</summary>
    public int Sequence { get; init; }
    public int Attempt { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Line { get; init; }
}
