using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.Sync;

namespace WorkPipelines.Tests.Domain.Connectors.Sync;

/// <summary>How a sync runs streams side by side (<see cref="SyncConnection.SideBySideAsync"/>).</summary>
public sealed class SideBySideTests
{
    [Fact]
    public async Task Every_piece_runs_once_and_never_more_than_the_width_at_a_time()
    {
        var (running, most) = (0, 0);
        var ran = new System.Collections.Concurrent.ConcurrentBag<int>();
        await SyncConnection.SideBySideAsync(7, 3, async (index, token) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(20, token);
            ran.Add(index);
            Interlocked.Decrement(ref running);
        }, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 7), ran.Order());
        Assert.Equal(3, most);
    }

    [Fact]
    public async Task Width_one_is_one_after_the_other_in_order()
    {
        var order = new List<int>();
        var running = 0;
        await SyncConnection.SideBySideAsync(4, 1, async (index, _) =>
        {
            Assert.Equal(1, Interlocked.Increment(ref running));
            await Task.Yield();
            order.Add(index);
            Interlocked.Decrement(ref running);
        }, CancellationToken.None);

        Assert.Equal([0, 1, 2, 3], order);
    }

    [Fact]
    public async Task The_first_failure_stops_the_others_and_is_thrown_as_itself()
    {
        var cancelled = 0;
        var started = new System.Collections.Concurrent.ConcurrentBag<int>();
        var failure = await Assert.ThrowsAsync<ConnectorAuthException>(() => SyncConnection.SideBySideAsync(5, 2, async (index, token) =>
        {
            started.Add(index);
            if (index == 1)
            {
                await Task.Delay(10, CancellationToken.None);
                throw new ConnectorAuthException("refused");
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), token);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelled);
                throw;
            }
        }, CancellationToken.None));

        Assert.Equal("refused", failure.Message);
        Assert.Equal(1, cancelled);
        // Nothing new starts once one has failed.
        Assert.Equal([0, 1], started.Order());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
