using Microsoft.Extensions.Logging;

namespace WorkPipelines.Domain.Pipelines;

/// <summary>
/// Fan-out of run events to whoever listens in this process: open Blazor circuits, the SignalR
/// forwarder and, with several instances, the relay to the others. Events raised here come in
/// through <see cref="Publish"/>; events another instance raised come in through
/// <see cref="PublishFromOtherInstance"/> and reach only <see cref="Subscribe"/>rs, so nothing that
/// forwards events elsewhere (<see cref="SubscribeToLocal"/>) sends them round again.
/// Handlers run on the publisher's thread, so they must be quick and hand real work off (a component
/// calls InvokeAsync); one failing handler never stops the others.
/// </summary>
public sealed class RunEventBus(ILogger<RunEventBus> logger)
{
    private readonly Lock _gate = new();
    private Handler[] _handlers = [];

    /// <summary>Every run event of the cluster this process hears: its own and the other instances'.</summary>
    public IDisposable Subscribe(Action<RunEvent> handler) => Add(new Handler(handler, LocalOnly: false));

    /// <summary>Only the run events raised in this process (for forwarders to other instances or transports).</summary>
    public IDisposable SubscribeToLocal(Action<RunEvent> handler) => Add(new Handler(handler, LocalOnly: true));

    /// <summary>An event of a run this process executes or changed.</summary>
    public void Publish(RunEvent runEvent) => Deliver(runEvent, local: true);

    /// <summary>An event another instance raised, brought here by a relay.</summary>
    public void PublishFromOtherInstance(RunEvent runEvent) => Deliver(runEvent, local: false);

    private void Deliver(RunEvent runEvent, bool local)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            if (handler.LocalOnly && !local) continue;
            try
            {
                handler.Action(runEvent);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A run event handler failed for {Type} of run {RunId}", runEvent.Type, runEvent.RunId);
            }
        }
    }

    private Subscription Add(Handler handler)
    {
        lock (_gate) _handlers = [.. _handlers, handler];
        return new Subscription(this, handler);
    }

    private void Remove(Handler handler)
    {
        lock (_gate) _handlers = _handlers.Where(h => h != handler).ToArray();
    }

    private sealed record Handler(Action<RunEvent> Action, bool LocalOnly);

    private sealed class Subscription(RunEventBus bus, Handler handler) : IDisposable
    {
        public void Dispose() => bus.Remove(handler);
    }
}
