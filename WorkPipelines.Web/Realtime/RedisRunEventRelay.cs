using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Web.Realtime;

/// <summary>
/// With several instances, carries run events between them over one Redis pub/sub channel: each
/// event raised here is published with this instance's id, and each event another instance published
/// is handed to this instance's <see cref="RunEventBus"/>, so a Blazor circuit on instance A sees the
/// progress and the end of a run instance B executes. Redis delivers a channel's messages in order;
/// the relay hands them on in that order.
/// </summary>
internal sealed class RedisRunEventRelay(RedisConnection redis, RunEventBus bus, ILogger<RedisRunEventRelay> logger) : IHostedService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("workpipelines:run-events");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly CancellationTokenSource _stopping = new();
    private ChannelMessageQueue? _queue;
    private IDisposable? _subscription;
    private volatile ISubscriber? _subscriber;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.SubscribeToLocal(Send);
        // Start-up never waits on Redis: subscribe in the background, retrying while it is away. Once
        // subscribed, the multiplexer renews the subscription itself after a reconnect.
        _ = SubscribeAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _subscription?.Dispose();
        if (_queue is null) return;
        try
        {
            await _queue.UnsubscribeAsync();
        }
        catch (ObjectDisposedException)
        {
            // The connection is already gone (disposed first on the way down): its subscriptions went with it.
        }
    }

    private async Task SubscribeAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var subscriber = (await redis.GetAsync()).GetSubscriber();
                _queue = await subscriber.SubscribeAsync(Channel);
                _queue.OnMessage(Receive);
                _subscriber = subscriber;
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning("Redis is not reachable ({Reason}); run events of other instances wait until it is", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(5), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void Send(RunEvent runEvent)
    {
        // The publisher is a worker mid-transition: fire and forget, never wait on the network.
        if (_subscriber is not { } subscriber) return; // not subscribed yet: Redis is away
        var message = JsonSerializer.Serialize(new Envelope(_instance, runEvent), Json);
        subscriber.PublishAsync(Channel, message, CommandFlags.FireAndForget)
            .ContinueWith(t => logger.LogWarning(t.Exception, "Could not relay {Type} of run {RunId}", runEvent.Type, runEvent.RunId),
                TaskContinuationOptions.OnlyOnFaulted);
    }

    private void Receive(ChannelMessage message)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(message.Message.ToString(), Json);
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Ignored a run event on {Channel} that is not one", Channel);
            return;
        }
        if (envelope?.Event is null || envelope.Instance == _instance) return;
        bus.PublishFromOtherInstance(envelope.Event);
    }

    private sealed record Envelope(string Instance, RunEvent Event);
}
