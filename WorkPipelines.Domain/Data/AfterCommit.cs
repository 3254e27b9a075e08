using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WorkPipelines.Domain.Data;

/// <summary>
/// Runs what <see cref="WorkDbContext.AfterCommit"/> holds once the context's transaction commits, and
/// drops it when a new transaction starts (the earlier one was rolled back or disposed uncommitted).
/// For side effects that must not announce rows a rollback can still take back, such as a run's
/// "Queued" event and the worker's wake-up when the run is queued inside a caller's transaction.
/// </summary>
internal sealed class AfterCommitInterceptor : DbTransactionInterceptor
{
    public static readonly AfterCommitInterceptor Instance = new();

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Pending(eventData)?.Clear();
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Pending(eventData)?.Clear();
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Run(eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Run(eventData);
        return Task.CompletedTask;
    }

    private static List<Action>? Pending(TransactionEndEventData eventData) => (eventData.Context as WorkDbContext)?.AfterCommit;

    private static void Run(TransactionEndEventData eventData)
    {
        if (Pending(eventData) is not { Count: > 0 } pending) return;
        var actions = pending.ToArray();
        pending.Clear();
        foreach (var action in actions) action();
    }
}
