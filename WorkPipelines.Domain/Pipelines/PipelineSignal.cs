namespace WorkPipelines.Domain.Pipelines;

/// <summary>Wakes the worker when a run is queued in this process, so pickup does not wait for the next poll.</summary>
public sealed class PipelineSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { } // already signalled; one wake-up is enough
    }

    internal Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, cancellationToken);
}
