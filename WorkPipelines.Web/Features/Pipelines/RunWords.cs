using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Web.Features.Pipelines;

/// <summary>A run's facts in the words of someone who owns the business, not of the engine that ran it.</summary>
public static class RunWords
{
    public static string Trigger(RunSummary run) => run.Trigger switch
    {
        PipelineTrigger.Schedule => "On its schedule",
        PipelineTrigger.Api => run.RequestedBy is { } who ? $"By {who}, through the API" : "Through the API",
        PipelineTrigger.Retry => run.RequestedBy is { } who ? $"Run again by {who}" : "Run again",
        _ => run.RequestedBy is { } who ? $"By {who}" : "By the app",
    };

    public static string Tries(int attempt, int maxAttempts) =>
        attempt <= 1 ? $"First try (up to {maxAttempts})" : $"Try {attempt} of {maxAttempts}";

    /// <summary>What went wrong, as a heading for the run's error message.</summary>
    public static string Problem(PipelineErrorKind kind, PipelineRunStatus status) => kind switch
    {
        PipelineErrorKind.Transient when status == PipelineRunStatus.Queued => "Trying again soon",
        PipelineErrorKind.Transient => "Could not reach the service",
        PipelineErrorKind.Permanent => "Stopped",
        PipelineErrorKind.Timeout => "Took too long",
        PipelineErrorKind.Cancelled => "Cancelled",
        PipelineErrorKind.LeaseExpired => "The app stopped while working on it",
        PipelineErrorKind.Interrupted => "The app restarted while working on it",
        _ => "Problem",
    };
}
