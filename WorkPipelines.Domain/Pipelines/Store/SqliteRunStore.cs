using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Pipelines.Store;

/// <summary>
/// SQLite: one writer at a time for the whole file. The engine's writes take turns in this process's
/// <see cref="EngineWriteGate"/> (see there why), a concurrency key needs no lock of its own (BEGIN IMMEDIATE
/// already holds the file's write lock), and a claim needs no row locks.
/// </summary>
internal sealed class SqliteRunStore(WorkDbContext db, EngineWriteGate gate) : RunStore(db)
{
    private protected override Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) => gate.RunAsync(write, cancellationToken);

    private protected override Task LockKeyAsync(Guid workspaceId, string key, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task<List<PipelineRun>> ClaimAsync(string owner, int max, DateTimeOffset now, DateTimeOffset leaseExpiresAt, CancellationToken cancellationToken) =>
        WriteAsync(() => ClaimWithAsync("", owner, max, now, leaseExpiresAt, cancellationToken), cancellationToken);
}
