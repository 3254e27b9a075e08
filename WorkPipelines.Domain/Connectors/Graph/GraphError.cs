using System.Text.Json;

namespace WorkPipelines.Domain.Connectors.Graph;

/// <summary>
/// The Graph error body, <c>{"error":{"message","type","code","error_subcode","fbtrace_id"}}</c>.
/// Graph answers most errors with HTTP 400 whatever their cause, so the code decides what failed.
/// </summary>
internal sealed record GraphError(int Code, int? Subcode, string Message, string? Type, string? FbtraceId, bool IsTransient)
{
    /// <summary>190 invalid or expired token, 102 session, 10 and 200-299 missing permissions: only a reconnect helps.</summary>
    public bool IsAuth => Code is 190 or 102 || IsPermission;

    /// <summary>10 and 200-299: the token is valid but lacks a permission (or Meta will not show this data to it).</summary>
    public bool IsPermission => Code is 10 or (>= 200 and <= 299);

    /// <summary>4 app, 17 user, 32 page, 613 custom, 80000-80014 business-use-case rate limits.</summary>
    public bool IsRateLimit => Code is 4 or 17 or 32 or 613 or (>= 80000 and <= 80014);

    /// <summary>
    /// The insights call asked for more data than Meta computes in one call: code 1 "Please reduce the amount of data
    /// you're asking for, then retry your request", or the data-per-call limit, code 100 subcode 1487534. Retrying the
    /// same call fails the same way; Meta's advice is a shorter date range
    /// (https://developers.facebook.com/docs/marketing-api/insights/best-practices, "Data Per Call Limits").
    /// </summary>
    public bool IsTooMuchData =>
        (Code == 1 && Message.Contains("reduce the amount of data", StringComparison.OrdinalIgnoreCase)) || (Code == 100 && Subcode == 1487534);

    /// <summary>1 unknown and 2 service errors are worth retrying, as is anything Meta flags transient.</summary>
    public bool IsRetryable => !IsTooMuchData && (IsTransient || Code is 1 or 2);

    // Meta's own message from its documented error object, shortened to one line; never any other part of the body.
    // Graph often starts the message with the code already ("(#100) ..."): say it once.
    public override string ToString() =>
        $"(#{Code}{(Subcode is { } s ? "/" + s : "")}) {ConnectorHttp.Short(Message.StartsWith($"(#{Code}) ", StringComparison.Ordinal) ? Message[$"(#{Code}) ".Length..] : Message)}{(ConnectorHttp.Short(FbtraceId, 40) is { } trace ? $" [fbtrace_id {trace}]" : "")}";

    public static GraphError? Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object) return null;
            return new GraphError(
                Int(error, "code") ?? 0,
                Int(error, "error_subcode"),
                error.TryGetProperty("message", out var message) ? message.GetString() ?? "" : "",
                error.TryGetProperty("type", out var type) ? type.GetString() : null,
                error.TryGetProperty("fbtrace_id", out var trace) ? trace.GetString() : null,
                error.TryGetProperty("is_transient", out var transient) && transient.ValueKind == JsonValueKind.True);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
}
