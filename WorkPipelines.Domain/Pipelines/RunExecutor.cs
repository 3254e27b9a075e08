using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Pipelines;

/// <summary>
/// Executes one claimed attempt: its own DI scope in the run's workspace, a heartbeat that renews
/// the lease and turns a cancel request into a fired token, the kind's timeout, and the outcome.
/// </summary>
internal sealed class RunExecutor(
    IServiceScopeFactory scopes, RunCompletions completions, PipelineKinds kinds, TimeProvider time, IOptions<PipelineOptions> options, ILogger<RunExecutor> logger)
{
    private enum Stop { None, LeaseLost, Shutdown, Cancelled, TimedOut }

    /// <summary>Never throws; <paramref name="shutdown"/> fires when the worker gives up waiting on a graceful stop.</summary>
    /// <param name="workspaceName">The run's workspace's name, read with the claim; null when that read did not find it (then the attempt reads it).</param>
    public async Task ExecuteAsync(PipelineRun run, string? workspaceName, string owner, CancellationToken shutdown)
    {
        var kind = kinds.Find(run.Kind);
        if (kind is null)
        {
            await RecordAsync(run.Id, q => q.FailAsync(run.Id, owner, PipelineErrorKind.Permanent,
                $"unknown pipeline kind '{run.Kind}'; known: {string.Join(", ", kinds.Names)}"));
            return;
        }

        using var cancel = new CancellationTokenSource();
        using var leaseLost = new CancellationTokenSource();
        using var timeout = new CancellationTokenSource(run.Timeout, time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token, leaseLost.Token, timeout.Token, shutdown);
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(run.Id, owner, cancel, leaseLost, stopHeartbeat.Token);

        Exception? failure = null;
        try
        {
            await RunKindAsync(run, workspaceName, owner, kind, attempt.Token);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }

        // Why the token fired decides the outcome, whatever exception the kind surfaced it as.
        var stop = !attempt.IsCancellationRequested || failure is null ? Stop.None
            : leaseLost.IsCancellationRequested ? Stop.LeaseLost
            : shutdown.IsCancellationRequested ? Stop.Shutdown
            : cancel.IsCancellationRequested ? Stop.Cancelled
            : Stop.TimedOut;

        switch (stop)
        {
            case Stop.LeaseLost:
                logger.LogWarning("Run {RunId} lost its lease; another worker or the sweeper owns it now", run.Id);
                break;
            case Stop.Shutdown:
                await RecordAsync(run.Id, q => q.ReleaseAsync(run.Id, owner));
                break;
            case Stop.Cancelled:
                await RecordAsync(run.Id, q => q.MarkCancelledAsync(run.Id, owner));
                break;
            case Stop.TimedOut:
                await RecordAsync(run.Id, q => q.FailAsync(run.Id, owner, PipelineErrorKind.Timeout, $"timed out after {RunQueue.Describe(run.Timeout)}"));
                break;
            case Stop.None when failure is null:
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

    private async Task HeartbeatAsync(Guid runId, string owner, CancellationTokenSource cancel, CancellationTokenSource leaseLost, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var renewal = await scope.ServiceProvider.GetRequiredService<RunQueue>().RenewLeaseAsync(runId, owner, stop);
                    if (renewal == LeaseRenewal.Lost)
                    {
                        await leaseLost.CancelAsync();
                        return;
                    }
                    if (renewal == LeaseRenewal.CancelRequested) await cancel.CancelAsync();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A busy database must not kill the run: the lease outlives several missed beats.
                    logger.LogWarning(ex, "Heartbeat of run {RunId} failed; trying again at the next beat", runId);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

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
