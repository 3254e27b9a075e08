using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.Data;

/// <summary>
/// On SQLite, a SaveChanges that commits on its own (no transaction open on its context) waits its turn in the
/// <see cref="EngineWriteGate"/> with the engine's writes, instead of meeting them in SQLite's busy handler: web writes and run
/// pickup share the lock first come first served. One inside an open transaction is left alone (its transaction may hold the
/// lock already; waiting for the turn there could wait for a writer that waits for this lock).
/// </summary>
internal sealed class SqliteWriteTurnInterceptor(EngineWriteGate gate) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> Holding = new();
    private static readonly object Marker = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null && await gate.EnterAsync(cancellationToken))
            Holding.AddOrUpdate(context, Marker);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context);
        return Task.CompletedTask;
    }

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context);
        return Task.CompletedTask;
    }

    // Synchronous SaveChanges is not gated (nothing in the app calls it on a hot path); a sync call after an async one still leaves.
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Leave(eventData.Context);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Leave(eventData.Context);

    private void Leave(DbContext? context)
    {
        if (context is not null && Holding.Remove(context)) gate.Exit();
    }
}
