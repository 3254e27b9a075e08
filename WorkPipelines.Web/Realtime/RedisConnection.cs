using StackExchange.Redis;

namespace WorkPipelines.Web.Realtime;

/// <summary>
/// This instance's Redis connection for the run-event relay and the readiness check (the SignalR
/// backplane keeps its own). Connects on first use and never fails start-up: while Redis is away the
/// multiplexer keeps reconnecting, readiness reports it, and the instance goes on serving alone.
/// </summary>
public sealed class RedisConnection(string configuration) : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _multiplexer = new(() =>
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ClientName ??= $"workpipelines:{Environment.MachineName}:{Environment.ProcessId}";
        return ConnectionMultiplexer.ConnectAsync(options);
    });

    public Task<ConnectionMultiplexer> GetAsync() => _multiplexer.Value;

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer.IsValueCreated) await (await _multiplexer.Value).DisposeAsync();
    }
}
