using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Benchmarks;

/// <summary>
/// Stands in for a busy web app on the same database: two loops, each inserting an activity row
/// in its own short transaction (its own scope and DbContext, as a request would) as fast as it can.
/// </summary>
internal sealed class BusyWebSide : IAsyncDisposable
{
    private const int Writers = 2;

    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;
    private long _writes, _busy, _otherErrors;
    private string? _firstError;

    internal sealed record Counts(long Writes, long BusyErrors, long OtherErrors, string? FirstError, TimeSpan Elapsed);

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private BusyWebSide(IServiceProvider services, Guid workspace) =>
        _loops = Enumerable.Range(0, Writers).Select(_ => Task.Run(() => WriteLoopAsync(services, workspace, _stop.Token))).ToArray();

    public static BusyWebSide Start(IServiceProvider services, Guid workspace) => new(services, workspace);

    private async Task WriteLoopAsync(IServiceProvider services, Guid workspace, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
                db.Activity.Add(new ActivityEntry { WorkspaceId = workspace, ActorName = "benchmark", Action = "web write", At = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync(CancellationToken.None);
                Interlocked.Increment(ref _writes);
            }
            catch (Exception ex) when (Find<SqliteException>(ex) is { SqliteErrorCode: 5 or 6 } busy) // SQLITE_BUSY, SQLITE_LOCKED
            {
                Interlocked.Increment(ref _busy);
                Interlocked.CompareExchange(ref _firstError, busy.Message, null);
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _otherErrors);
                Interlocked.CompareExchange(ref _firstError, $"{ex.GetType().Name}: {ex.Message}", null);
            }
        }
    }

    private static T? Find<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException) if (ex is T found) return found;
        return null;
    }

    public async Task<Counts> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        return new Counts(Interlocked.Read(ref _writes), Interlocked.Read(ref _busy), Interlocked.Read(ref _otherErrors), _firstError, _clock.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
