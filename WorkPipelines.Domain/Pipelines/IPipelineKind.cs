namespace WorkPipelines.Domain.Pipelines;

/// <summary>
/// A kind of background work (a sync, a report, a brand analysis). Register with
/// <c>services.AddPipelineKind&lt;T&gt;()</c>; each attempt resolves a fresh instance in its own
/// DI scope whose <c>CurrentWorkspace</c> is the run's workspace.
/// </summary>
public interface IPipelineKind
{
    /// <summary>Stable name stored on runs, e.g. <c>sync-connection</c>. Renaming orphans queued runs.</summary>
    string Name { get; }

    /// <summary>What people call it, e.g. "Stripe sync"; shown in lists and notifications.</summary>
    string Title => Name;

    /// <summary>What to call one run, from its payload (e.g. "Stripe sync"); must not use injected services.</summary>
    string TitleOf(string payloadJson) => Title;

    /// <summary>Attempts before a transient failure becomes final (at least 1).</summary>
    int MaxAttempts { get; }

    /// <summary>Longest one attempt may run; past it the token fires and the run fails as timed out.</summary>
    TimeSpan Timeout { get; }

    /// <summary>
    /// Does the work. Honour <paramref name="cancellationToken"/> (cancel, timeout, shutdown).
    /// Throw <see cref="TransientPipelineException"/> to be retried with backoff,
    /// <see cref="PermanentPipelineException"/> to fail at once; any other exception counts as transient.
    /// Must be idempotent: after a crash the same run executes again.
    /// </summary>
    Task ExecuteAsync(PipelineContext context, CancellationToken cancellationToken);
}
