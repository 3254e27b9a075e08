using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Tests.Domain.Pipelines;

/// <summary>
/// SQLite only (the gate is not used on PostgreSQL): engine writes and saves that commit on their own take the write lock
/// in turn, and an enqueue or a save inside a caller's transaction, which may hold SQLite's lock already, does not wait for the gate.
/// </summary>
public sealed class EngineWriteGateTests : IAsyncLifetime
{
    private PipelineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineTestHost.CreateAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Enqueue_inside_a_callers_transaction_does_not_wait_for_a_gated_claim_that_waits_for_it()
    {
        var due = await _host.EnqueueAsync(QuickKind.KindName, payload: new QuickPayload("due before the claim"));
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Workspaces.Add(new Workspace { Id = Guid.CreateVersion7(), Name = "holds the write lock" });
        await db.SaveChangesAsync();

        // This claim takes the gate, then waits in SQLite's busy handler for the lock the transaction holds.
        var claim = Task.Run(() => _host.WithQueueAsync(q => q.ClaimAsync("w1", 4)));
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        // Gated, this enqueue would wait for the claim, and the claim for this transaction: both stuck until the busy timeout.
        var queued = await scope.ServiceProvider.GetRequiredService<RunQueue>()
            .EnqueueAsync(new PipelineRequest(_host.WorkspaceA, QuickKind.KindName) { Payload = new QuickPayload("in a transaction") });
        Assert.True(queued.IsNew);
        Assert.False(claim.IsCompleted); // it still waits for the lock this transaction holds
        await transaction.CommitAsync();

        // The claim goes through once the transaction commits. (Whether it also takes the second run depends on
        // when its clock was read: on a loaded machine the Task.Run can start after the enqueue.)
        var claimed = await claim.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains(claimed, r => r.Id == due.Id);
    }

    [Fact]
    public async Task A_save_on_its_own_waits_its_turn_with_the_engines_writes_and_one_inside_a_transaction_does_not()
    {
        var gate = _host.Services.GetRequiredService<EngineWriteGate>();
        var release = new TaskCompletionSource();
        var engineWrite = gate.RunAsync(async () => { await release.Task; return 0; }, CancellationToken.None);

        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        db.Workspaces.Add(new Workspace { Id = Guid.CreateVersion7(), Name = "waits for its turn" });
        var save = db.SaveChangesAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(save.IsCompleted); // the engine's write holds the turn

        // Inside a transaction (which may hold SQLite's lock already) a save goes straight on.
        await using var other = _host.Services.CreateAsyncScope();
        var inTransaction = other.ServiceProvider.GetRequiredService<WorkDbContext>();
        await using (var transaction = await inTransaction.Database.BeginTransactionAsync())
        {
            inTransaction.Workspaces.Add(new Workspace { Id = Guid.CreateVersion7(), Name = "in a transaction" });
            await inTransaction.SaveChangesAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await transaction.CommitAsync();
        }

        release.SetResult();
        await engineWrite;
        Assert.Equal(1, await save.WaitAsync(TimeSpan.FromSeconds(30)));
        // The turn was given back: the next engine write gets it.
        Assert.Equal(7, await gate.RunAsync(() => Task.FromResult(7), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
