using Microsoft.AspNetCore.SignalR;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Web.Realtime;

/// <summary>
/// Sends every run event raised in this process to the hub group of its workspace. Only this
/// process's: with several instances the SignalR Redis backplane carries the message to hub clients
/// on the others, so forwarding relayed events too would deliver them twice.
/// </summary>
internal sealed class RunEventForwarder(RunEventBus bus, IHubContext<WorkHub> hub, ILogger<RunEventForwarder> logger) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.SubscribeToLocal(Forward);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private void Forward(RunEvent runEvent) =>
        // The publisher is a worker mid-transition: do not make it wait on the network.
        _ = hub.Clients.Group(WorkHub.WorkspaceGroup(runEvent.WorkspaceId))
            .SendAsync(WorkHub.RunEventMethod, runEvent)
            .ContinueWith(t => logger.LogWarning(t.Exception, "Could not push {Type} of run {RunId}", runEvent.Type, runEvent.RunId),
                TaskContinuationOptions.OnlyOnFaulted);
}
