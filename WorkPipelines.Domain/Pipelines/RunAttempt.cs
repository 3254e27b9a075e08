namespace WorkPipelines.Domain.Pipelines;

/// <summary>Why an executing attempt was told to stop.</summary>
internal enum AttemptStop { None, TimedOut, Cancelled, Shutdown, LeaseLost }

/// <summary>
/// One executing attempt as its worker tracks it: a single token that fires for every reason to stop (the kind's
/// timeout, a cancel request or a lost lease seen by the worker's heartbeat, a graceful stop), and the reason given.
/// One source per run instead of one per reason plus a linked one: a busy engine starts thousands of attempts a second.
/// The timeout's timer (on the injected clock) is started only when the deadline is near (<see cref="ArmTimeoutWithin"/>,
/// called at the start and by every beat), so the many runs that end long before their timeout never start one.
/// </summary>
internal sealed class RunAttempt : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly Lock _timerGate = new();
    private ITimer? _timer;
    private bool _disposed;
    private int _reason; // AttemptStop

    public RunAttempt(Guid runId, TimeSpan timeout, TimeProvider time, TimeSpan armWithin)
    {
        RunId = runId;
        _timeout = timeout;
        _time = time;
        _started = time.GetTimestamp();
        ArmTimeoutWithin(armWithin);
    }

    public Guid RunId { get; }
    public CancellationToken Token => _stop.Token;

    /// <summary>The executing task, for a graceful stop to wait on.</summary>
    public Task Execution { get; set; } = Task.CompletedTask;

    /// <summary>None until the token fires; then the first reason given, a lost lease above all (nothing may be recorded then).</summary>
    public AttemptStop Reason => _stop.IsCancellationRequested ? (AttemptStop)Volatile.Read(ref _reason) : AttemptStop.None;

    /// <summary>
    /// Starts the timeout's timer if the deadline is at most <paramref name="within"/> away. The heartbeat calls this every
    /// beat with two intervals, so the timer is always running by the time the deadline is one interval away.
    /// </summary>
    public void ArmTimeoutWithin(TimeSpan within)
    {
        if (_timer is not null) return;
        var remaining = _timeout - _time.GetElapsedTime(_started);
        if (remaining > within) return;
        lock (_timerGate)
        {
            if (_timer is not null || _disposed) return;
            _timer = _time.CreateTimer(static state => ((RunAttempt)state!).Stop(AttemptStop.TimedOut), this,
                remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Fires the token for <paramref name="reason"/>; callbacks run on the thread pool, not on the caller (the heartbeat).</summary>
    public void Stop(AttemptStop reason)
    {
        if (reason == AttemptStop.LeaseLost) Volatile.Write(ref _reason, (int)reason);
        else if (Interlocked.CompareExchange(ref _reason, (int)reason, (int)AttemptStop.None) != (int)AttemptStop.None) return; // the first reason stands
        try
        {
            _ = _stop.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The attempt ended between the heartbeat's read and this call: nothing is left to stop.
        }
    }

    public void Dispose()
    {
        lock (_timerGate)
        {
            _disposed = true;
            _timer?.Dispose();
        }
        _stop.Dispose();
    }
}
