using System.Net.Http.Headers;
using System.Text.Json;
using Polly.CircuitBreaker;

namespace WorkPipelines.Domain.Connectors.Graph;

/// <summary>
/// Meta's Graph API as Meta Ads and Facebook Page connectors call it: a versioned path, the
/// token as a bearer header (kept out of URLs, logs and cursors), Graph error codes turned into
/// typed failures, and the usage headers honoured by pausing before the next call. One per
/// connector instance, so the pause carries from page to page within a sync. The version is the
/// connector's row in <see cref="ApiVersions"/> (Pages and Ads have separate schedules at Meta).
/// </summary>
internal sealed class GraphApi(TimeProvider time, ApiVersion version)
{
    public string Version => version.Version;

    /// <summary>Throttled calls are retried here (Graph throttles with HTTP 400, which the HTTP resilience handler does not retry).</summary>
    public const int RateLimitTries = 4;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private DateTimeOffset _notBefore = DateTimeOffset.MinValue;

    /// <summary>GETs <paramref name="pathAndQuery"/> under the API version, e.g. <c>act_1/insights?level=campaign</c>.</summary>
    public async Task<T> GetAsync<T>(ConnectorSession session, string token, string pathAndQuery, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var wait = _notBefore - time.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, time, cancellationToken);

            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(session.BaseUrl, $"{Version}/{pathAndQuery}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await SendAsync(session, request, cancellationToken);
            var usage = GraphUsage.From(response.Headers);
            _notBefore = time.GetUtcNow() + usage.Delay;
            if (response.IsSuccessStatusCode) return await ReadAsync<T>(session, response, cancellationToken);

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var error = GraphError.Parse(body);
            var path = request.RequestUri!.AbsolutePath;
            if (error is { IsPermission: true }) throw new GraphPermissionException($"Meta refused the access token on {path}: {error}", error);
            if (error is { IsAuth: true }) throw new ConnectorAuthException($"Meta refused the access token on {path}: {error}");
            if (error is { IsRateLimit: true })
            {
                var retryAfter = response.Headers.RetryAfter?.Delta ?? (usage.RegainAccess > TimeSpan.Zero ? usage.RegainAccess : null);
                if (attempt >= RateLimitTries) throw new ConnectorUnavailableException($"Meta is rate limiting {path}: {error}", retryAfter);
                var backoff = retryAfter ?? TimeSpan.FromSeconds(attempt);
                _notBefore = time.GetUtcNow() + (backoff < GraphUsage.MaxWait ? backoff : GraphUsage.MaxWait);
                continue;
            }
            if (error is { IsTooMuchData: true }) throw new GraphTooMuchDataException($"Meta asked for less data on {path}: {error}");
            if (error is { IsRetryable: true } || (int)response.StatusCode >= 500) throw new ConnectorUnavailableException($"Meta failed ({(int)response.StatusCode} on {path}{(error is null ? "" : $": {error}")})");
            if (error is not null) throw new ConnectorDataException($"Meta rejected the request on {path}: {error}");
            await ConnectorHttp.ThrowIfFailedAsync(session, response, cancellationToken);
        }
    }

    // The shared HTTP client's circuit breaker opens after a burst of failures from any provider; that is an outage, not a bug.
    private static async Task<HttpResponseMessage> SendAsync(ConnectorSession session, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await session.Http.SendAsync(request, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw new ConnectorUnavailableException($"Meta calls are paused after repeated failures: {ex.Message}");
        }
    }

    private static async Task<T> ReadAsync<T>(ConnectorSession session, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ConnectorHttp.ThrowIfNotJson(session, response);
        var path = response.RequestMessage?.RequestUri?.AbsolutePath;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken)
                ?? throw new ConnectorDataException($"{path} answered an empty body");
        }
        catch (JsonException ex)
        {
            throw ConnectorHttp.Unreadable(session, path, ex);
        }
    }
}

/// <summary>
/// The token is valid but may not read this (a missing permission, or data Meta withholds): a reconnect with more
/// permissions helps. Still an auth failure for callers that need the data; Instagram, which a Page token may not reach,
/// catches it and says so instead.
/// </summary>
internal sealed class GraphPermissionException(string message, GraphError error) : ConnectorAuthException(message)
{
    public GraphError Error { get; } = error;
}

/// <summary>Meta refused to compute this much in one call; asking again for a shorter range helps, retrying does not.</summary>
internal sealed class GraphTooMuchDataException(string message) : Exception(message);

/// <summary>Graph cursor paging: <c>paging.next</c> is there while more pages are.</summary>
internal sealed record GraphPaging(GraphCursors? Cursors, string? Next, string? Previous);

internal sealed record GraphCursors(string? Before, string? After);

/// <summary>A node's id and name (the cheap call that checks a token).</summary>
internal sealed record GraphNode(string Id, string? Name);
