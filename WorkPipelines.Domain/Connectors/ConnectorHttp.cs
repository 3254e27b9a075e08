using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace WorkPipelines.Domain.Connectors;

/// <summary>
/// Sends a connector's request and turns the answer into data or a typed failure. The HTTP
/// client's resilience handler has already retried 5xx and short 429s (honouring Retry-After); a
/// long Retry-After reaches here at once, for <see cref="RateLimits.WaitOutAsync{T}"/>. Failures say in words what went wrong and never repeat
/// the body: at most a short reason from the provider's own documented error format.
/// </summary>
public static partial class ConnectorHttp
{
    public static async Task<T> SendAsync<T>(ConnectorSession session, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await session.Http.SendAsync(request, cancellationToken);
        await ThrowIfFailedAsync(session, response, cancellationToken);
        ThrowIfNotJson(session, response);
        var path = request.RequestUri?.AbsolutePath;
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken)
                ?? throw new ConnectorDataException($"{path} answered an empty body");
        }
        catch (JsonException ex)
        {
            throw Unreadable(session, path, ex);
        }
    }

    /// <summary>Every provider here answers JSON; a success in another format (an HTML page) is not their API.</summary>
    public static void ThrowIfNotJson(ConnectorSession session, HttpResponseMessage response)
    {
        if (IsJson(response)) return;
        var type = response.Content.Headers.ContentType?.MediaType ?? "no content type";
        throw new ConnectorDataException($"the server did not answer like {session.ProviderTitle}'s API ({response.RequestMessage?.RequestUri?.AbsolutePath} answered {Short(type, 60)}, not JSON)");
    }

    /// <summary>JSON that is not the shape we read: where it broke, never what it said.</summary>
    public static ConnectorDataException Unreadable(ConnectorSession session, string? path, JsonException ex) =>
        new($"{session.ProviderTitle}'s answer to {path} is JSON we cannot read (at {Short(ex.Path, 80) ?? "the start"})", ex);

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } type && type.EndsWith("json", StringComparison.OrdinalIgnoreCase);

    public static async Task ThrowIfFailedAsync(ConnectorSession session, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var reason = await ProviderReasonAsync(response, cancellationToken);
        var status = (int)response.StatusCode;
        var at = $"{status} on {response.RequestMessage?.RequestUri?.AbsolutePath}{(reason is null ? "" : ": " + reason)}";
        var provider = session.ProviderTitle;
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new ConnectorAuthException($"{provider} refused the credentials ({at})"),
            HttpStatusCode.TooManyRequests => new ConnectorUnavailableException($"rate limited by {provider} ({at})", RateLimits.RetryAfter(response, session.Time)),
            >= HttpStatusCode.InternalServerError => new ConnectorUnavailableException($"{provider} failed ({at})"),
            _ when reason is null => new ConnectorDataException($"the server did not answer like {provider}'s API ({at})"),
            _ => new ConnectorDataException($"{provider} rejected the request ({at})"),
        };
    }

    /// <summary>
    /// The reason in a provider's JSON error, from the fields their formats document: Google's <c>error.status</c>,
    /// Mailchimp's problem <c>title</c>, Zendesk's <c>error</c> (text or <c>error.title</c>), Shopify's <c>errors</c>
    /// text. Anything else (HTML, another format) gives null: we say the server did not answer like the API.
    /// </summary>
    private static async Task<string?> ProviderReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!IsJson(response)) return null;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var error = root.TryGetProperty("error", out var e) ? e : default;
            return Short(Text(error, "status") ?? Text(root, "title") ?? (error.ValueKind == JsonValueKind.String ? error.GetString() : null)
                         ?? Text(error, "title") ?? Text(root, "errors"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A provider's reason as one short line of plain text, or null when there is none.</summary>
    public static string? Short(string? reason, int max = 120)
    {
        if (string.IsNullOrWhiteSpace(reason)) return null;
        var line = Whitespace().Replace(new string(reason.Where(c => !char.IsControl(c) || char.IsWhiteSpace(c)).ToArray()), " ").Trim();
        return line.Length > max ? line[..max] + "…" : line;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
