namespace WorkPipelines.Domain.Pipelines;

/// <summary>Why an executing attempt was told to stop.</summary>
internal enum AttemptStop { None, TimedOut, Cancelled, Shutdown, LeaseLost }

/// <summary>
/// One executing attempt as its worker tracks it: a single token that fires for every reason to stop (the kind's
/// timeout on the injected clock, a cancel request or a lost lease seen by the worker's heartbeat, a graceful stop),
/// and the reason given. One source per run instead of one per reason plus a linked one: a busy engine starts
/// thousands of attempts a second.
/// </summary>
internal sealed class RunAttempt(Guid runId, TimeSpan timeout, TimeProvider time) : IDisposable
{
    private readonly CancellationTokenSource _stop = new(timeout, time);
    private int _reason; // AttemptStop; None while the token fired only by the timeout's timer

    public Guid RunId { get; } = runId;
    public CancellationToken Token => _stop.Token;

    /// <summary>The executing task, for a graceful stop to wait on.</summary>
    public Task Execution { get; set; } = Task.CompletedTask;

    /// <summary>None until the token fires; then the first reason given, a lost lease above all (nothing may be recorded then).</summary>
    public AttemptStop Reason => !_stop.IsCancellationRequested ? AttemptStop.None
        : (AttemptStop)Volatile.Read(ref _reason) is var reason and not AttemptStop.None ? reason
        : AttemptStop.TimedOut;

    /// <summary>Fires the token for <paramref name="reason"/>; callbacks run on the thread pool, not on the caller (the heartbeat).</summary>
    public void Stop(AttemptStop reason)
    {
        if (reason == AttemptStop.LeaseLost) Volatile.Write(ref _reason, (int)reason);
        else if (_stop.IsCancellationRequested) return; // already stopping (e.g. timed out): the first reason stands
        else Interlocked.CompareExchange(ref _reason, (int)reason, (int)AttemptStop.None);
        try
        {
            _ = _stop.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The attempt ended between the heartbeat's read and this call: nothing is left to stop.
        }
    }

    public void Dispose() => _stop.Dispose();
}
