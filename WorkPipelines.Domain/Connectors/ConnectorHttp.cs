using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace WorkPipelines.Domain.Connectors;

/// <summary>
/// Sends a connector's request and turns the answer into data or a typed failure. The HTTP
/// client's resilience handler has already retried 429 and 5xx (honouring Retry-After); what
/// reaches here is final for this attempt.
/// </summary>
public static class ConnectorHttp
{
    public static async Task<T> SendAsync<T>(ConnectorSession session, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await session.Http.SendAsync(request, cancellationToken);
        await ThrowIfFailedAsync(response, cancellationToken);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken)
                ?? throw new ConnectorDataException($"{request.RequestUri?.AbsolutePath} answered an empty body");
        }
        catch (JsonException ex)
        {
            throw new ConnectorDataException($"{request.RequestUri?.AbsolutePath} answered JSON we cannot read: {ex.Message}", ex);
        }
    }

    public static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var detail = body.Length > 300 ? body[..300] : body;
        var path = response.RequestMessage?.RequestUri?.AbsolutePath;
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                new ConnectorAuthException($"the provider refused the credentials ({(int)response.StatusCode} on {path}): {detail}"),
            HttpStatusCode.TooManyRequests =>
                new ConnectorUnavailableException($"rate limited by the provider on {path}", response.Headers.RetryAfter?.Delta),
            >= HttpStatusCode.InternalServerError =>
                new ConnectorUnavailableException($"the provider failed ({(int)response.StatusCode} on {path}): {detail}"),
            _ => new ConnectorDataException($"the provider rejected the request ({(int)response.StatusCode} on {path}): {detail}"),
        };
    }
}
