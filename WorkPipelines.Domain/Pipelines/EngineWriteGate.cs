namespace WorkPipelines.Domain.Pipelines;

/// <summary>
/// SQLite's single write lock, taken in turn inside the process by the engine's hot writes (enqueue,
/// claim, complete). Without it those writers meet the lock inside SQLite, whose busy handler sleeps
/// 1, 2, 5, 10 … ms between tries while the lock itself is held for a fraction of a millisecond: the
/// engine benchmark measured a 0.2 ms completion taking 2–5 ms. Queued here, the next writer starts the
/// moment the previous one commits. Other writers (web requests) still wait in SQLite's busy handler.
/// PostgreSQL has no single write lock and does not use it. Held only around a write that opens and
/// commits its own transaction, never inside a caller's, so it cannot wait on a lock its holder needs.
/// </summary>
public sealed class EngineWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    internal async Task<T> RunAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await write();
        }
        finally
        {
            _gate.Release();
        }
    }
}
