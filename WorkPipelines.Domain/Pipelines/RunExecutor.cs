using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Pipelines;

/// <summary>
/// Executes one claimed attempt: its own DI scope in the run's workspace, the kind under the attempt's token, and the
/// outcome. The lease is renewed, and a cancel request turned into the fired token, by the worker's one heartbeat for
/// all its runs (<see cref="PipelineWorker"/>), not per run.
/// </summary>
internal sealed class RunExecutor(
    IServiceScopeFactory scopes, RunCompletions completions, PipelineKinds kinds, ILogger<RunExecutor> logger)
{
    /// <summary>Never throws. <paramref name="attempt"/> fires for the timeout and for whatever the worker's heartbeat or a graceful stop says.</summary>
    /// <param name="workspaceName">The run's workspace's name, read with the claim; null when that read did not find it (then the attempt reads it).</param>
    public async Task ExecuteAsync(PipelineRun run, string? workspaceName, string owner, RunAttempt attempt)
    {
        var kind = kinds.Find(run.Kind);
        if (kind is null)
        {
            await RecordAsync(run.Id, q => q.FailAsync(run.Id, owner, PipelineErrorKind.Permanent,
                $"unknown pipeline kind '{run.Kind}'; known: {string.Join(", ", kinds.Names)}"));
            return;
        }

        Exception? failure = null;
        try
        {
            await RunKindAsync(run, workspaceName, owner, kind, attempt.Token);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        // Why the token fired decides the outcome, whatever exception the kind surfaced it as.
        var stop = failure is null ? AttemptStop.None : attempt.Reason;

        switch (stop)
        {
            case AttemptStop.LeaseLost:
                logger.LogWarning("Run {RunId} lost its lease; another worker or the sweeper owns it now", run.Id);
                break;
            case AttemptStop.Shutdown:
                await RecordAsync(run.Id, q => q.ReleaseAsync(run.Id, owner));
                break;
            case AttemptStop.Cancelled:
                await RecordAsync(run.Id, q => q.MarkCancelledAsync(run.Id, owner));
                break;
            case AttemptStop.TimedOut:
                await RecordAsync(run.Id, q => q.FailAsync(run.Id, owner, PipelineErrorKind.Timeout, $"timed out after {RunQueue.Describe(run.Timeout)}"));
                break;
            case AttemptStop.None when failure is null:
                await RecordAsync(run.Id, () => completions.CompleteAsync(run.Id, owner));
                break;
            default:
                var (error, reason) = Classify(failure!);
                if (error == PipelineErrorKind.Transient && failure is not TransientPipelineException)
                    logger.LogWarning(failure, "Run {RunId} ({Kind}) failed unexpectedly; treating it as transient", run.Id, run.Kind);
                await RecordAsync(run.Id, q => q.FailAsync(run.Id, owner, error, reason));
                break;
        }
    }

    private static (PipelineErrorKind, string) Classify(Exception failure) => failure switch
    {
        PermanentPipelineException p => (PipelineErrorKind.Permanent, p.Message),
        TransientPipelineException t => (PipelineErrorKind.Transient, t.Message),
        _ => (PipelineErrorKind.Transient, $"{failure.GetType().Name}: {failure.Message}"),
    };

    private async Task RunKindAsync(PipelineRun run, string? workspaceName, string owner, PipelineKindInfo kind, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        workspaceName ??= await services.GetRequiredService<RunQueue>().WorkspaceNamesAsync([run], cancellationToken) is var names
            && names.TryGetValue(run.WorkspaceId, out var name) ? name
            : throw new PermanentPipelineException($"workspace {run.WorkspaceId} no longer exists");

        // No HttpContext here: the run's own workspace is the scope's tenant.
        services.GetRequiredService<CurrentWorkspace>().Set(run.WorkspaceId, workspaceName, run.RequestedByUserId, WorkspaceRole.Member);
        var context = new PipelineContext(run, owner, scopes);
        var instance = (IPipelineKind)services.GetRequiredService(kind.Type);

        // The run's previous execution ended with no outcome: the log says so before the kind's own lines,
        // or a rerun after a stop (same attempt number) would read as one execution with repeated lines.
        if (ResumptionLine(run) is { } resumed) await context.LogAsync(resumed);

        // WaitAsync: a kind that ignores its token still lets the outcome be recorded on time.
        await instance.ExecuteAsync(context, cancellationToken).WaitAsync(cancellationToken);
    }

    private static string? ResumptionLine(PipelineRun run) => run.ErrorKind switch
    {
        PipelineErrorKind.Interrupted => $"Resumed after the app stopped: attempt {run.Attempt} runs again (a stop does not use up an attempt)",
        PipelineErrorKind.LeaseExpired => $"Lease expired: {run.ErrorMessage}",
        _ => null,
    };

    private Task RecordAsync(Guid runId, Func<RunQueue, Task> write) => RecordAsync(runId, async () =>
    {
        await using var scope = scopes.CreateAsyncScope();
        await write(scope.ServiceProvider.GetRequiredService<RunQueue>());
    });

    private async Task RecordAsync(Guid runId, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not record the outcome of run {RunId}; the lease sweeper will return it to the queue", runId);
        }
    }
}
