using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WorkPipelines.Domain.Connectors.Sync;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.Alerts;

/// <summary>
/// Queues an alert evaluation when a sync of a workspace with rules succeeds, as a subscriber of this instance's run
/// events: fresh numbers are judged at once instead of at the next hourly tick, and the sync knows nothing of alerts.
/// </summary>
internal sealed class EvaluateAfterSync(RunEventBus events, IServiceScopeFactory scopes, ILogger<EvaluateAfterSync> logger) : BackgroundService
{
    private readonly Channel<Guid> _workspaces = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    private IDisposable? _subscription;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = events.SubscribeToLocal(e =>
        {
            if (e is { Type: RunEventType.Succeeded, Kind: SyncConnection.KindName }) _workspaces.Writer.TryWrite(e.WorkspaceId);
        });
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var workspace in _workspaces.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
                    if (!await db.Set<AlertRule>().IgnoreQueryFilters().AnyAsync(r => r.WorkspaceId == workspace && !r.Muted, stoppingToken)) continue;
                    await scope.ServiceProvider.GetRequiredService<RunQueue>()
                        .EnqueueAsync(ScheduleAlertEvaluations.EvaluationOf(workspace, PipelineTrigger.Schedule), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not queue the alert check after a sync of workspace {Workspace}; the hourly check will run it", workspace);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
