using System.Net;

namespace WorkPipelines.Domain.Connectors;

/// <summary>
/// Waits out a provider's rate limit inside the run instead of failing it. A 429 whose Retry-After the HTTP client can
/// absorb (up to <see cref="HttpWaitLimit"/>) is retried by its resilience handler; a longer one (Zendesk's incremental
/// export allows 10 requests a minute and answers Retry-After up to 60 s, more than the client's 30 s total timeout)
/// comes back as <see cref="ConnectorUnavailableException"/> with its Retry-After, and <see cref="WaitOutAsync{T}"/>
/// reports the wait, sleeps on the session's clock and sends the call again, as long as the run's own time allows.
/// </summary>
public static class RateLimits
{
    /// <summary>The longest Retry-After the HTTP client's own retries wait; longer waits are the connector's.</summary>
    public static readonly TimeSpan HttpWaitLimit = TimeSpan.FromSeconds(5);

    /// <summary>Waits in a row for one call before the run gives up and lets the engine retry it later.</summary>
    public const int MaxWaits = 10;

    /// <summary>Sends <paramref name="call"/> (which builds a fresh request each time), waiting out rate limits with their Retry-After.</summary>
    public static async Task<T> WaitOutAsync<T>(ConnectorSession session, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var waits = 0; ; waits++)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (ConnectorUnavailableException ex) when (ex.RetryAfter is { } wait && wait > TimeSpan.Zero && waits < MaxWaits
                                                           && (session.Deadline is not { } deadline || session.Time.GetUtcNow() + wait < deadline))
            {
                await session.ReportAsync($"Waiting for {session.ProviderTitle}'s rate limit, {Math.Ceiling(wait.TotalSeconds):0} s");
                await Task.Delay(wait, session.Time, cancellationToken);
            }
        }
    }

    /// <summary>True for a 429 that asks to wait longer than the HTTP client should: it is answered to the connector at once.</summary>
    public static bool IsLongerThanHttpWait(HttpResponseMessage? response, TimeProvider time) =>
        response is { StatusCode: HttpStatusCode.TooManyRequests } && RetryAfter(response, time) is { } wait && wait > HttpWaitLimit;

    /// <summary>
    /// Retry-After as seconds or as a date (RFC 9110 §10.2.3), relative to the answer's own Date when it has one, else to
    /// <paramref name="time"/>'s now.
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - (response.Headers.Date ?? time.GetUtcNow()),
        _ => null,
    };
}
