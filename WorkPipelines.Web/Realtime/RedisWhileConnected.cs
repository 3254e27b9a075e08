using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;

namespace WorkPipelines.Web.Realtime;

/// <summary>
/// The dashboard cache's Redis level, used only while this instance's Redis connection is up. Without this, a read
/// waits for a connection that is not coming (the multiplexer queues commands until its timeout), and every panel
/// would time out while Redis is away; instead the cache goes on in memory alone. Entries are versioned by their key
/// and never removed, so skipping Redis for a while loses nothing but sharing.
/// </summary>
public sealed class RedisWhileConnected(RedisConnection connection, IOptions<RedisCacheOptions> options) : IDistributedCache, IDisposable
{
    private readonly RedisCache _redis = new(options);

    private bool Up => connection.GetAsync() is { IsCompletedSuccessfully: true } multiplexer && multiplexer.Result.IsConnected;

    public byte[]? Get(string key) => Up ? _redis.Get(key) : null;

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Up ? await _redis.GetAsync(key, token) : null;

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        if (Up) _redis.Set(key, value, options);
    }

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        Up ? _redis.SetAsync(key, value, options, token) : Task.CompletedTask;

    public void Refresh(string key)
    {
        if (Up) _redis.Refresh(key);
    }

    public Task RefreshAsync(string key, CancellationToken token = default) => Up ? _redis.RefreshAsync(key, token) : Task.CompletedTask;

    public void Remove(string key)
    {
        if (Up) _redis.Remove(key);
    }

    public Task RemoveAsync(string key, CancellationToken token = default) => Up ? _redis.RemoveAsync(key, token) : Task.CompletedTask;

    public void Dispose() => _redis.Dispose();
}
