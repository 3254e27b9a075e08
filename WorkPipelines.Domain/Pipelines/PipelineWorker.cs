using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WorkPipelines.Domain.Pipelines;

/// <summary>
/// Claims due runs and starts each on its own task, up to <see cref="PipelineOptions.MaxConcurrentRuns"/>.
/// Runs do not go through Coravel's queue: it awaits a whole batch before taking the next, so one
/// long run would hold back every short one queued after it.
/// </summary>
internal sealed partial class PipelineWorker(
    IServiceScopeFactory scopes, RunExecutor executor, PipelineSignal signal, TimeProvider time,
    IOptions<PipelineOptions> options, ILogger<PipelineWorker> logger) : BackgroundService
{
    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(5);

    /// <summary>How long a woken worker lets a burst of enqueues gather before it claims (a small share of the pickup).</summary>
    private static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(1);

    private readonly ConcurrentDictionary<Guid, RunAttempt> _inFlight = new();
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentRuns, Math.Max(1, options.Value.MaxConcurrentRuns));

    /// <summary>Lease owner name of this process's worker: host, process id and a random suffix.</summary>
    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.MaxConcurrentRuns == 0)
        {
            logger.LogInformation("Pipelines:MaxConcurrentRuns is 0: this instance executes no runs; other instances on the database do");
            return;
        }
        logger.LogInformation("Pipeline worker {Owner} started with {Slots} slots", Owner, options.Value.MaxConcurrentRuns);
        // Beats on past the claim loop's end: runs finishing within the grace period of a stop keep their leases.
        _heartbeat = HeartbeatAsync(_stopHeartbeat.Token);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // One claim statement for every free slot: the slots are taken before the claim and the claim asks
                // for no more runs than slots taken, so a claimed run always has a slot to start in at once (none
                // waits claimed but unstarted, where a graceful stop would not see it).
                await _slots.WaitAsync(stoppingToken);
                var free = 1;
                while (free < options.Value.MaxConcurrentRuns && _slots.Wait(0)) free++;

                var (runs, workspaceNames) = await TryClaimAsync(free);
                foreach (var run in runs) Start(run, workspaceNames.GetValueOrDefault(run.WorkspaceId));
                if (runs.Count < free) _slots.Release(free - runs.Count);

                // Fewer runs than slots: nothing more is due now; wait for an enqueue or the next poll. Woken by an
                // enqueue, wait a moment more: in a burst the next enqueues land meanwhile and one claim takes them all,
                // instead of one claim (and one completion) per run competing with the producer for the database.
                if (runs.Count < free && await signal.WaitAsync(options.Value.PollInterval, stoppingToken))
                    await Task.Delay(GatherWindow, stoppingToken); // real time: a pause of the machinery, not a schedule
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<(IReadOnlyList<PipelineRun> Runs, Dictionary<Guid, string> WorkspaceNames)> TryClaimAsync(int max)
    {
        IReadOnlyList<PipelineRun> runs = [];
        try
        {
            // Not cancellable: a claim abandoned after the UPDATE would strand its runs until their leases expire.
            await using var scope = scopes.CreateAsyncScope();
            var queue = scope.ServiceProvider.GetRequiredService<RunQueue>();
            runs = await queue.ClaimAsync(Owner, max, CancellationToken.None);
            // One read for the batch instead of one per run: each attempt's scope runs in its workspace, by name.
            return (runs, runs.Count == 0 ? [] : await queue.WorkspaceNamesAsync(runs, CancellationToken.None));
        }
        catch (Exception ex)
        {
            // Runs claimed before the failure still start: each attempt then reads its workspace's name itself.
            logger.LogError(ex, "Claiming pipeline runs failed; retrying after the poll interval");
            return (runs, []);
        }
    }

    private void Start(PipelineRun run, string? workspaceName)
    {
        var attempt = new RunAttempt(run.Id, run.Timeout, time, TimerLead);
        _inFlight[run.Id] = attempt;
        attempt.Execution = Task.Run(async () =>
        {
            try
            {
                await executor.ExecuteAsync(run, workspaceName, Owner, attempt);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Run {RunId} escaped its executor", run.Id);
            }
            finally
            {
                _inFlight.TryRemove(new KeyValuePair<Guid, RunAttempt>(run.Id, attempt));
                attempt.Dispose();
                _slots.Release();
            }
        });
    }

    /// <summary>Stops claiming, lets in-flight runs finish within the grace period, then returns the rest to the queue.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await StopRunsAsync(cancellationToken);
        }
        finally
        {
            await _stopHeartbeat.CancelAsync();
            await _heartbeat;
        }
    }

    private async Task StopRunsAsync(CancellationToken cancellationToken)
    {
        var inFlight = _inFlight.Values.ToList();
        if (inFlight.Count == 0) return;

        logger.LogInformation("Stopping: waiting up to {Grace} for {Count} run(s)", options.Value.GracePeriod, inFlight.Count);
        var all = Task.WhenAll(inFlight.Select(r => r.Execution));
        await WaitAsync(all, options.Value.GracePeriod, cancellationToken);

        foreach (var run in _inFlight.Values) run.Stop(AttemptStop.Shutdown);
        await WaitAsync(all, ReleaseWait, cancellationToken);

        // Whatever is still here ignored its token; give its run back so another worker can take it.
        foreach (var run in _inFlight.Values)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RunQueue>().ReleaseAsync(run.RunId, Owner, CancellationToken.None);
        }
    }

    private async Task WaitAsync(Task task, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try { await task.WaitAsync(timeout, time, cancellationToken); }
        catch (TimeoutException) { }
        catch (OperationCanceledException) { }
    }
}
