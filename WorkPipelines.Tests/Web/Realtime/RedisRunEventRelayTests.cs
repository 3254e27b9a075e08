using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Web.Realtime;

namespace WorkPipelines.Tests.Web.Realtime;

/// <summary>
/// The relay between two "instances" (two buses, two relays, two Redis connections) through a real
/// redis-server this test starts on a free loopback port (the Debian package .ci/run installs).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class RedisRunEventRelayTests : IAsyncLifetime
{
    private readonly int _port = AppProcess.FreeLoopbackPort();
    private readonly string _folder = Directory.CreateTempSubdirectory("workpipelines-redis-").FullName;
    private readonly List<IAsyncDisposable> _disposables = [];
    private Process? _redis;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Each_event_reaches_the_other_instance_once_in_order_and_never_comes_back()
    {
        StartRedis();
        var (busA, _) = await StartInstanceAsync();
        var (busB, _) = await StartInstanceAsync();
        var onA = Record(busA);
        var onB = Record(busB);
        await WaitUntilRelayedAsync(busA, onB);

        var sent = Enumerable.Range(0, 50).Select(i => Event(RunEventType.Progress, i)).ToList();
        foreach (var e in sent) busA.Publish(e);
        await WaitAsync(() => onB.Count(e => e.Type == RunEventType.Progress) >= sent.Count);
        await Task.Delay(300); // room for a duplicate or an echo to arrive, were there one

        Assert.Equal(sent, onB.Where(e => e.Type == RunEventType.Progress));
        Assert.Equal(sent, onA.Where(e => e.Type == RunEventType.Progress)); // its own, once: nothing echoed back
    }

    [Fact]
    public async Task Instances_started_while_redis_is_away_relay_once_it_is_back()
    {
        var (busA, _) = await StartInstanceAsync();
        var (busB, _) = await StartInstanceAsync();
        var onB = Record(busB);
        busA.Publish(Event(RunEventType.Started, 0)); // Redis is away: lost for other instances, never an error here

        StartRedis();
        await WaitUntilRelayedAsync(busA, onB);
        var last = Event(RunEventType.Succeeded, 1);
        busA.Publish(last);
        await WaitAsync(() => onB.Any(e => e == last));
        await Task.Delay(300);

        Assert.Single(onB, e => e == last);
    }

    // Probes until a relayed event arrives: both relays are subscribed from then on.
    private static async Task WaitUntilRelayedAsync(RunEventBus from, ConcurrentQueue<RunEvent> to)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!to.Any(e => e.Type == RunEventType.Queued))
        {
            Assert.True(DateTime.UtcNow < until, "no event was relayed within 30 s");
            from.Publish(Event(RunEventType.Queued, -1));
            await Task.Delay(100);
        }
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "not reached within 30 s");
            await Task.Delay(20);
        }
    }

    private static ConcurrentQueue<RunEvent> Record(RunEventBus bus)
    {
        var heard = new ConcurrentQueue<RunEvent>();
        bus.Subscribe(heard.Enqueue);
        return heard;
    }

    private static readonly Guid Run = Guid.NewGuid();

    private static RunEvent Event(RunEventType type, int percent) =>
        new(type, Run, Guid.NewGuid(), "diagnostics.self-test", "Self-test", PipelineRunStatus.Running, percent, $"step {percent}", null,
            DateTimeOffset.UnixEpoch.AddSeconds(percent));

    private async Task<(RunEventBus Bus, RedisRunEventRelay Relay)> StartInstanceAsync()
    {
        var bus = new RunEventBus(NullLogger<RunEventBus>.Instance);
        var connection = new RedisConnection($"127.0.0.1:{_port},connectTimeout=500");
        var relay = new RedisRunEventRelay(connection, bus, NullLogger<RedisRunEventRelay>.Instance);
        await relay.StartAsync(CancellationToken.None);
        _disposables.Add(new AsyncDisposable(async () => { await relay.StopAsync(CancellationToken.None); await connection.DisposeAsync(); }));
        return (bus, relay);
    }

    private void StartRedis()
    {
        _redis = Process.Start(new ProcessStartInfo("redis-server",
            ["--bind", "127.0.0.1", "--port", _port.ToString(), "--save", "", "--appendonly", "no", "--dir", _folder])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        _redis.BeginOutputReadLine();
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in _disposables) await disposable.DisposeAsync();
        if (_redis is { HasExited: false }) _redis.Kill();
        _redis?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class AsyncDisposable(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }
}
