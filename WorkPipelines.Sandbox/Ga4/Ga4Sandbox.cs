using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox.Ga4;

/// <summary>
/// The Google Analytics Data API v1beta as the GA4 connector calls it:
/// <c>POST /v1beta/properties/{id}:runReport</c> (one date range; dimensions date + sessionDefaultChannelGroup
/// or date + pagePath; limit/offset against rowCount; metric values as strings) and
/// <c>GET /v1beta/properties/{id}/metadata</c>; OAuth bearer token; Google's error JSON.
/// Rows always come ordered by date, then the second dimension, which is what the connector asks for.
/// </summary>
public sealed class Ga4Sandbox(TimeProvider time) : ISandboxProvider, ISandboxTokenEndpoint
{
    public const string Key = "ga4";

    private const long DefaultLimit = 10_000;
    private const long MaxLimit = 250_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    private static readonly Dictionary<string, string> MetricTypes = new()
    {
        ["sessions"] = "TYPE_INTEGER", ["totalUsers"] = "TYPE_INTEGER", ["screenPageViews"] = "TYPE_INTEGER",
        ["engagedSessions"] = "TYPE_INTEGER", ["userEngagementDuration"] = "TYPE_SECONDS",
    };

    public string Provider => Key;

    public string? ValueOf(string field, SandboxAccount? account) => field == "propertyId" ? "123456789" : null;

    public string? ReadToken(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { Length: > 7 } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null;

    public IResult Error(int status, string code, string message) =>
        Results.Json(new
        {
            error = new
            {
                code = status,
                message = status == 401
                    ? "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential."
                    : message,
                status = status switch
                {
                    400 => "INVALID_ARGUMENT", 401 => "UNAUTHENTICATED", 403 => "PERMISSION_DENIED", 404 => "NOT_FOUND",
                    429 => "RESOURCE_EXHAUSTED", 503 => "UNAVAILABLE", _ => "INTERNAL",
                },
            },
        }, statusCode: status);

    /// <summary>Google's one token endpoint serves every grant: the web-server flow's and the service account's JWT bearer.</summary>
    public void MapTokenEndpoint(IEndpointRouteBuilder group)
    {
        group.MapPost("/" + OAuth.SandboxOAuth.TokenPath, async (HttpContext http, SandboxAccounts accounts, OAuth.SandboxOAuth oauth) =>
            http.Request.HasFormContentType && await oauth.TokenAsync(OAuth.SandboxOAuthFormat.Google, http, await http.Request.ReadFormAsync(http.RequestAborted)) is { } answer
                ? answer
                : await Ga4SandboxToken.IssueAsync(http, accounts, time));
        OAuth.SandboxOAuth.MapEndpoints(group, OAuth.SandboxOAuthFormat.Google, withToken: false);
    }

    public void MapEndpoints(IEndpointRouteBuilder group)
    {
        group.MapGet("/v1beta/properties/{propertyId}/metadata", Metadata);
        group.MapPost("/v1beta/properties/{propertyId}:runReport", RunReportAsync);
    }

    private IResult Metadata(string propertyId, HttpContext http, SandboxAccounts accounts) => !IsPropertyId(propertyId)
        ? Error(400, "", $"Invalid property ID: {propertyId}. A numeric Property ID is required.")
        : Refusal(http, accounts) ?? Results.Json(new
        {
            name = $"properties/{propertyId}/metadata",
            dimensions = new object[]
            {
                new { apiName = "date", uiName = "Date", description = "The date of the event, formatted as YYYYMMDD.", category = "Time" },
                new { apiName = "sessionDefaultChannelGroup", uiName = "Session default channel group", description = "The session's default channel group.", category = "Traffic source" },
                new { apiName = "pagePath", uiName = "Page path", description = "The portion of the URL between the hostname and query string.", category = "Page / screen" },
            },
            metrics = MetricTypes.Select(m => new { apiName = m.Key, uiName = m.Key, description = m.Key, type = m.Value, category = "Session" }),
        });

    private async Task<IResult> RunReportAsync(string propertyId, HttpContext http, SandboxAccounts accounts)
    {
        if (!IsPropertyId(propertyId)) return Error(400, "", $"Invalid property ID: {propertyId}. A numeric Property ID is required.");
        if (Refusal(http, accounts) is { } refused) return refused;
        RunReportRequest? request;
        try
        {
            request = await http.Request.ReadFromJsonAsync<RunReportRequest>(Json, http.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Error(400, "", $"Invalid JSON payload received. {ex.Message}");
        }
        if (request?.DateRanges is not [var range]) return Error(400, "", "The sandbox supports exactly one date range.");
        var dimensions = request.Dimensions?.Select(d => d.Name ?? "").ToList() ?? [];
        var metrics = request.Metrics?.Select(m => m.Name ?? "").ToList() ?? [];
        if (metrics.Count == 0) return Error(400, "", "A report must request at least one metric.");
        if (metrics.FirstOrDefault(m => !MetricTypes.ContainsKey(m)) is { } unknown) return Error(400, "", $"Field {unknown} is not a valid metric.");
        if (dimensions is not ["date", "sessionDefaultChannelGroup" or "pagePath"])
            return Error(400, "", "The sandbox serves dimensions [date, sessionDefaultChannelGroup] or [date, pagePath].");
        var limit = request.Limit ?? DefaultLimit;
        var offset = request.Offset ?? 0;
        if (limit is < 0 or > MaxLimit || offset < 0) return Error(400, "", $"limit must be between 0 and {MaxLimit} and offset positive.");
        if (limit == 0) limit = DefaultLimit;

        var account = http.SandboxAccount();
        var today = account.EndsOn ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (ParseDate(range.StartDate, today) is not { } start || ParseDate(range.EndDate, today) is not { } end)
            return Error(400, "", $"Invalid date range: startDate '{range.StartDate}', endDate '{range.EndDate}'. Use YYYY-MM-DD, NdaysAgo, yesterday or today.");
        if (start > end) return Error(400, "", $"Invalid date range: startDate {start:yyyy-MM-dd} is after endDate {end:yyyy-MM-dd}.");

        var days = SandboxData.Days(account, today).Where(d => d >= start && d <= end);
        var rows = dimensions[1] == "pagePath"
            ? days.SelectMany(d => Ga4SandboxData.Pages(account, d)).Select(p => (p.Day, Key: p.Path, Values: new Dictionary<string, long> { ["screenPageViews"] = p.ScreenPageViews })).ToList()
            : days.SelectMany(d => Ga4SandboxData.Channels(account, d)).Select(c => (c.Day, Key: c.Channel, Values: new Dictionary<string, long>
            {
                ["sessions"] = c.Sessions, ["totalUsers"] = c.TotalUsers, ["screenPageViews"] = c.ScreenPageViews,
                ["engagedSessions"] = c.EngagedSessions, ["userEngagementDuration"] = c.UserEngagementDuration,
            })).ToList();
        if (metrics.Any(m => !rows.All(r => r.Values.ContainsKey(m))))
            return Error(400, "", $"The dimensions and metrics are incompatible: {string.Join(", ", metrics)} with {dimensions[1]}.");

        var page = rows.Skip((int)Math.Min(offset, int.MaxValue)).Take((int)limit).Select(r => new
        {
            dimensionValues = new[] { new { value = r.Day.ToString("yyyyMMdd", CultureInfo.InvariantCulture) }, new { value = r.Key } },
            metricValues = metrics.Select(m => new { value = r.Values[m].ToString(CultureInfo.InvariantCulture) }),
        }).ToList();
        // proto3 JSON leaves out empty lists and zero numbers: a report with no rows has neither rows nor rowCount.
        return Results.Json(new
        {
            dimensionHeaders = dimensions.Select(d => new { name = d }),
            metricHeaders = metrics.Select(m => new { name = m, type = MetricTypes[m] }),
            rows = page.Count > 0 ? page : null,
            rowCount = rows.Count > 0 ? rows.Count : (int?)null,
            metadata = new { currencyCode = "USD", timeZone = "Etc/UTC" },
            kind = "analyticsData#runReport",
        }, Json);
    }

    /// <summary>
    /// What Google answers a service account that may not read the property: 403 PERMISSION_DENIED, "User does not have
    /// sufficient permissions for this property. To learn more about Property ID, see …" (Google documents no text for it;
    /// this is what the Data API answers, as quoted in google/site-kit-wp issue #7361); or, when the Data API is not enabled in the key's Cloud project, 403
    /// PERMISSION_DENIED with an ErrorInfo of reason SERVICE_DISABLED, domain googleapis.com, metadata service and consumer
    /// (google/api/error_reason.proto in googleapis/googleapis: "SERVICE_DISABLED … { "reason": "SERVICE_DISABLED", "domain":
    /// "googleapis.com", "metadata": { "consumer": "projects/123", "service": "pubsub.googleapis.com" } }"; the error body is
    /// google.rpc.Status as JSON, https://cloud.google.com/apis/design/errors#http_mapping).
    /// </summary>
    private static IResult? Refusal(HttpContext http, SandboxAccounts accounts)
    {
        var account = http.SandboxAccount();
        var grant = accounts.GrantOf(account);
        var project = (100_000_000_000L + account.Seed % 1_000_000).ToString(CultureInfo.InvariantCulture);
        if (!grant.Has(SandboxGrant.DataApi))
        {
            return Results.Json(new
            {
                error = new
                {
                    code = 403,
                    message = $"Google Analytics Data API has not been used in project {project} before or it is disabled. Enable it by visiting " +
                              $"https://console.developers.google.com/apis/api/analyticsdata.googleapis.com/overview?project={project} then retry. " +
                              "If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.",
                    status = "PERMISSION_DENIED",
                    details = new object[]
                    {
                        new Dictionary<string, object>
                        {
                            ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo", ["reason"] = "SERVICE_DISABLED", ["domain"] = "googleapis.com",
                            ["metadata"] = new Dictionary<string, string>
                            {
                                ["service"] = "analyticsdata.googleapis.com", ["consumer"] = $"projects/{project}",
                                ["activationUrl"] = $"https://console.developers.google.com/apis/api/analyticsdata.googleapis.com/overview?project={project}",
                            },
                        },
                    },
                },
            }, statusCode: 403);
        }
        return grant.Has(SandboxGrant.PropertyAccess) ? null
            : Results.Json(new
            {
                error = new
                {
                    code = 403,
                    message = "User does not have sufficient permissions for this property. To learn more about Property ID, see https://developers.google.com/analytics/devguides/reporting/data/v1/property-id.",
                    status = "PERMISSION_DENIED",
                },
            }, statusCode: 403);
    }

    private static bool IsPropertyId(string id) => id.Length is > 0 and < 20 && id.All(char.IsAsciiDigit);

    private static DateOnly? ParseDate(string? value, DateOnly today)
    {
        if (value is "today") return today;
        if (value is "yesterday") return today.AddDays(-1);
        if (value?.EndsWith("daysAgo", StringComparison.Ordinal) == true && int.TryParse(value[..^7], NumberStyles.None, CultureInfo.InvariantCulture, out var ago))
            return today.AddDays(-ago);
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }

    private sealed record RunReportRequest(List<DateRange>? DateRanges, List<Named>? Dimensions, List<Named>? Metrics, long? Limit, long? Offset);

    private sealed record DateRange(string? StartDate, string? EndDate);

    private sealed record Named(string? Name);
}
