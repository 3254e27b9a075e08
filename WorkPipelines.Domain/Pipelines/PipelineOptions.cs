namespace WorkPipelines.Domain.Pipelines;

/// <summary>Tuning of the run engine, bound to the <c>Pipelines</c> configuration section.</summary>
public sealed class PipelineOptions
{
    public const string Section = "Pipelines";

    /// <summary>How often an idle worker looks for due runs. Enqueueing in this process wakes it at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a claim holds without a heartbeat; a crashed worker's runs return to the queue after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the worker renews the leases of all its running runs (one statement) and checks them for cancel requests;
    /// a run's timeout timer starts two intervals ahead of its deadline.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs executing at once in this process; 0 makes an instance that serves users and executes no runs. Runs mostly
    /// wait on providers and the database, not on the CPU, and each claim takes as many runs as there are free slots:
    /// 32 let the engine drain short runs several times faster than 4 did (docs/benchmarks.md), while one
    /// connection still syncs one at a time (its concurrency key).
    /// </summary>
    public int MaxConcurrentRuns { get; set; } = 32;

    /// <summary>On shutdown, how long in-flight runs may finish before they are cancelled and returned to the queue.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Seconds between lease sweeps (1-59, a Coravel schedule).</summary>
    public int SweepIntervalSeconds { get; set; } = 5;

    /// <summary>Delay before the second attempt; doubles per attempt, with ±25% jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound of the retry delay.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Newest log lines kept per run; older ones are deleted as new ones arrive.</summary>
    public int LogLinesPerRun { get; set; } = 200;

    internal string? Validate() =>
        PollInterval <= TimeSpan.Zero ? "Pipelines:PollInterval must be positive"
        : HeartbeatInterval <= TimeSpan.Zero ? "Pipelines:HeartbeatInterval must be positive"
        : LeaseDuration < HeartbeatInterval * 2 ? "Pipelines:LeaseDuration must be at least two HeartbeatIntervals, or a slow heartbeat loses the lease"
        : MaxConcurrentRuns < 0 ? "Pipelines:MaxConcurrentRuns must be 0 (this instance executes no runs) or more"
        : SweepIntervalSeconds is < 1 or > 59 ? "Pipelines:SweepIntervalSeconds must be between 1 and 59"
        : RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay ? "Pipelines:RetryBaseDelay must be >= 0 and <= RetryMaxDelay"
        : LogLinesPerRun < 1 ? "Pipelines:LogLinesPerRun must be at least 1"
        : null;
}
