namespace WorkPipelines.Domain.Pipelines;

/// <summary>
/// SQLite's single write lock, taken in turn inside the process: by the engine's writes (every write of the
/// <see cref="Store.SqliteRunStore"/>) and by every SaveChanges that commits on its own (web requests, notifications;
/// <see cref="Data.SqliteWriteTurnInterceptor"/>). Without it writers meet the lock inside SQLite, whose busy handler
/// sleeps 1, 2, 5, 10 … 100 ms between tries while the lock itself is held for a fraction of a millisecond: the engine
/// benchmark measured a 0.2 ms completion taking 2–5 ms, and beside two busy web writers a run waited seconds to start.
/// Queued here, the next writer starts the moment the previous one commits, first come first served. PostgreSQL has no
/// single write lock and does not use it. Held only around a write that opens and commits its own transaction, never
/// inside a caller's (which may hold SQLite's lock already), and re-entrant within one async flow.
/// </summary>
public sealed class EngineWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AsyncLocal<bool> _held = new();

    internal async Task<T> RunAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        if (_held.Value) return await write();
        await _gate.WaitAsync(cancellationToken);
        _held.Value = true;
        try
        {
            return await write();
        }
        finally
        {
            _held.Value = false;
            _gate.Release();
        }
    }

    /// <summary>Takes the turn for a write that ends elsewhere (a SaveChanges: begun in one callback, ended in another); false when this flow holds it already.</summary>
    internal async Task<bool> EnterAsync(CancellationToken cancellationToken)
    {
        if (_held.Value) return false;
        await _gate.WaitAsync(cancellationToken);
        return true;
    }

    internal void Exit() => _gate.Release();
}
