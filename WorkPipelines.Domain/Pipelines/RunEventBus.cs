using Microsoft.Extensions.Logging;

namespace WorkPipelines.Domain.Pipelines;

/// <summary>
/// In-process fan-out of run events to whoever listens in this process: open Blazor circuits and
/// the SignalR forwarder. Handlers run on the publisher's thread, so they must be quick and hand
/// real work off (a component calls InvokeAsync); one failing handler never stops the others.
/// </summary>
public sealed class RunEventBus(ILogger<RunEventBus> logger)
{
    private readonly Lock _gate = new();
    private Action<RunEvent>[] _handlers = [];

    public IDisposable Subscribe(Action<RunEvent> handler)
    {
        lock (_gate) _handlers = [.. _handlers, handler];
        return new Subscription(this, handler);
    }

    public void Publish(RunEvent runEvent)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                handler(runEvent);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A run event handler failed for {Type} of run {RunId}", runEvent.Type, runEvent.RunId);
            }
        }
    }

    private void Unsubscribe(Action<RunEvent> handler)
    {
        lock (_gate) _handlers = _handlers.Where(h => h != handler).ToArray();
    }

    private sealed class Subscription(RunEventBus bus, Action<RunEvent> handler) : IDisposable
    {
        public void Dispose() => bus.Unsubscribe(handler);
    }
}
