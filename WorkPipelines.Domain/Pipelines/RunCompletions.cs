using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace WorkPipelines.Domain.Pipelines;

/// <summary>
/// Gathers the successes of runs that finish at about the same moment into one write (River's batched
/// completion): while one batch is written, the next gathers, so a busy engine writes one statement for many
/// runs and an idle one writes each success at once, with no wait added.
/// </summary>
internal sealed class RunCompletions(IServiceScopeFactory scopes) : IAsyncDisposable
{
    private const int MaxBatch = Store.RunStore.MaxIdsPerStatement;

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _start = new();
    private Task? _loop;

    /// <summary>Records the success of a run leased to <paramref name="owner"/>; false when its lease was lost meanwhile.</summary>
    public Task<bool> CompleteAsync(Guid runId, string owner)
    {
        var pending = new Pending(runId, owner, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_start) _loop ??= Task.Run(WriteLoopAsync);
        if (!_pending.Writer.TryWrite(pending)) pending.Done.SetException(new ObjectDisposedException(nameof(RunCompletions)));
        return pending.Done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next)) batch.Add(next);
            foreach (var owner in batch.GroupBy(p => p.Owner)) await WriteAsync(owner.Key, [.. owner]);
            batch.Clear();
        }
    }

    private async Task WriteAsync(string owner, List<Pending> runs)
    {
        try
        {
            // Not cancellable: a success abandoned half way would leave the run to the sweeper, which runs it again.
            await using var scope = scopes.CreateAsyncScope();
            var completed = (await scope.ServiceProvider.GetRequiredService<RunQueue>().CompleteAsync([.. runs.Select(r => r.RunId)], owner, CancellationToken.None)).ToHashSet();
            foreach (var run in runs) run.Done.TrySetResult(completed.Contains(run.RunId));
        }
        catch (Exception ex)
        {
            foreach (var run in runs) run.Done.TrySetException(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        if (_loop is { } loop) await loop;
    }

    private sealed record Pending(Guid RunId, string Owner, TaskCompletionSource<bool> Done);
}
