using System.Text.Json;

namespace WorkPipelines.Domain.Connectors.Ga4;

/// <summary>
/// Google's 403 at connect, in words that say what to change. Google's error body is a google.rpc.Status:
/// <c>{"error":{"code":403,"message","status":"PERMISSION_DENIED","details":[…]}}</c> (https://cloud.google.com/apis/design/errors,
/// HTTP mapping). A Cloud project without the API enabled adds an ErrorInfo detail with reason SERVICE_DISABLED and metadata
/// <c>consumer</c> ("projects/123") and <c>service</c> (google/api/error_reason.proto in googleapis/googleapis, SERVICE_DISABLED);
/// any other PERMISSION_DENIED on a property is the account not being one of the property's users.
/// </summary>
internal static class Ga4Refusal
{
    /// <summary>What to do about this 403, or null when it is not Google's error format (then the usual failure applies).</summary>
    public static async Task<string?> ExplainAsync(ConnectorSession session, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        JsonElement error;
        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (!json.RootElement.TryGetProperty("error", out var e) || e.ValueKind != JsonValueKind.Object) return null;
            error = e.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
        if (Text(error, "status") != "PERMISSION_DENIED") return null;

        var disabled = error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array
            ? details.EnumerateArray().FirstOrDefault(d => Text(d, "reason") == "SERVICE_DISABLED") : default;
        var email = GoogleServiceAccount.ClientEmail(session);
        if (disabled.ValueKind == JsonValueKind.Object)
        {
            var project = disabled.TryGetProperty("metadata", out var metadata) ? ConnectorHttp.Short(Text(metadata, "consumer"), 60) : null;
            return $"the Google Analytics Data API is not enabled in {(project is null ? "the service account's Cloud project" : $"the service account's Cloud project ({project})")}: " +
                   "in Google Cloud console → APIs & Services → Library, open \"Google Analytics Data API\" for that project and click Enable, wait a few minutes, then reconnect";
        }
        var property = session.Credential("propertyId").Trim();
        return email is null
            ? $"this token's Google account may not read property {ConnectorHttp.Short(property, 40)}: give it Viewer access in GA4 Admin → Property access management, then reconnect"
            : $"the service account {ConnectorHttp.Short(email, 120)} may not read property {ConnectorHttp.Short(property, 40)}: " +
              "add it as a Viewer in GA4 Admin → Property access management, then reconnect";
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
