using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WorkPipelines.Web.Realtime;

/// <summary>
/// Readiness of the Redis that carries live updates between instances: a PING and its round trip.
/// Degraded, not unhealthy, when it fails: every instance still serves its own users, only updates
/// of runs executed on another instance stop arriving (and a load balancer that took every instance
/// out because Redis blinked would turn a lost nicety into an outage).
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var multiplexer = await redis.GetAsync().WaitAsync(cancellationToken);
            var roundTrip = await multiplexer.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"PING answered in {roundTrip.TotalMilliseconds:0.#} ms",
                new Dictionary<string, object> { ["roundTripMs"] = Math.Round(roundTrip.TotalMilliseconds, 1) });
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            return HealthCheckResult.Degraded($"Redis is not reachable: {ex.Message}; runs executed on other instances are not pushed to this one's users until it is back");
        }
    }
}
