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

    // One list per loop (no locking while measuring); each write's wall time, in ms, failed ones included.
    private readonly List<double>[] _latencies = [.. Enumerable.Range(0, Writers).Select(_ => new List<double>())];

    /// <summary><paramref name="Latency"/>: per-write wall time (scope, insert, commit) in ms; <paramref name="MaxLatencyMs"/> the slowest.</summary>
    internal sealed record Counts(long Writes, long BusyErrors, long OtherErrors, string? FirstError, TimeSpan Elapsed, Percentiles Latency, double MaxLatencyMs);

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private BusyWebSide(IServiceProvider services, Guid workspace) =>
        _loops = Enumerable.Range(0, Writers).Select(i => Task.Run(() => WriteLoopAsync(services, workspace, _latencies[i], _stop.Token))).ToArray();

    public static BusyWebSide Start(IServiceProvider services, Guid workspace) => new(services, workspace);

    private async Task WriteLoopAsync(IServiceProvider services, Guid workspace, List<double> latencies, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
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
            latencies.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
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
        var all = _latencies.SelectMany(l => l).ToList();
        return new Counts(Interlocked.Read(ref _writes), Interlocked.Read(ref _busy), Interlocked.Read(ref _otherErrors), _firstError, _clock.Elapsed,
            Percentiles.Of(all), all.Count == 0 ? double.NaN : all.Max());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
