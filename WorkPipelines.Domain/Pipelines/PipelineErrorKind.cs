namespace WorkPipelines.Domain.Pipelines;

/// <summary>Why a run's last attempt did not succeed.</summary>
public enum PipelineErrorKind
{
    None = 0,
    /// <summary>Worth another attempt (network, rate limit, 5xx); retried with backoff.</summary>
    Transient,
    /// <summary>Another attempt would fail the same way (bad credentials, invalid input).</summary>
    Permanent,
    /// <summary>The attempt ran longer than the kind's timeout.</summary>
    Timeout,
    Cancelled,
    /// <summary>The worker holding the run stopped renewing its lease (crash, kill, hang).</summary>
    LeaseExpired,
    /// <summary>The app stopped gracefully (deploy, restart) during the attempt; it runs again and is not counted.</summary>
    Interrupted,
}
