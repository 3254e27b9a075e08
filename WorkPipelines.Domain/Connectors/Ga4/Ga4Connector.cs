using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Connectors.Sync;

namespace WorkPipelines.Domain.Connectors.Ga4;

/// <summary>
/// Google Analytics 4 through the Data API v1beta <c>runReport</c>: daily sessions, users, page
/// views and engagement per default channel group, and daily page views per page path.
/// Note: <c>totalUsers</c> is counted per (day, channel), so summing <c>traffic.users</c> over
/// channels (or days) overcounts unique users slightly: a user who came twice through two
/// channels counts in both rows. Treat it as "users per channel per day", not unique users.
/// </summary>
public sealed class Ga4Connector(IOptions<ConnectorOptions>? options = null) : IConnector
{
    public const string Key = "ga4";

    private readonly int _rowsPerRequest = options?.Value.Ga4RowsPerRequest ?? new ConnectorOptions().Ga4RowsPerRequest;

    public string Provider => Key;

    public IReadOnlyList<IConnectorStream> Streams => _streams ??=
    [
        new Ga4ReportStream("channels", "sessionDefaultChannelGroup", _rowsPerRequest,
        [
            ("sessions", "traffic.sessions"), ("totalUsers", "traffic.users"), ("screenPageViews", "traffic.pageviews"),
            ("engagedSessions", "traffic.engaged_sessions"), ("userEngagementDuration", "traffic.engagement_seconds"),
        ]),
        // Its own metric name: rollups sum every stream's metrics by name, and these views are the channels' views again.
        new Ga4ReportStream("pages", "pagePath", _rowsPerRequest, [("screenPageViews", "pages.views")]),
    ];

    private IReadOnlyList<IConnectorStream>? _streams;

    /// <summary>
    /// Both reports at once: a standard property takes up to 10 concurrent Core requests, an Analytics 360 property 50 ("Core
    /// Concurrent Requests Per Property", https://developers.google.com/analytics/devguides/reporting/data/v1/quotas). Tokens per
    /// hour and day are spent the same whether the reports run one after the other or side by side.
    /// </summary>
    public int StreamsSideBySide => 2;

    /// <summary>The property's metadata: it needs the same access as a report, so a 403 here names what to fix (<see cref="Ga4Refusal"/>).</summary>
    public async Task VerifyAsync(ConnectorSession session, CancellationToken cancellationToken)
    {
        using var request = await Ga4Calls.RequestAsync(session, HttpMethod.Get, "/metadata", cancellationToken);
        using var response = await session.Http.SendAsync(request, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.Forbidden && await Ga4Refusal.ExplainAsync(session, response, cancellationToken) is { } why)
            throw new ConnectorAuthException(why);
        await ConnectorHttp.ThrowIfFailedAsync(session, response, cancellationToken);
        ConnectorHttp.ThrowIfNotJson(session, response);
    }
}

/// <summary>Requests to the property named by the connection's credentials.</summary>
internal static class Ga4Calls
{
    public static async Task<HttpRequestMessage> RequestAsync(ConnectorSession session, HttpMethod method, string suffix, CancellationToken cancellationToken)
    {
        // People paste "properties/123" as often as "123".
        var property = session.Credential("propertyId").Trim();
        if (property.StartsWith("properties/", StringComparison.Ordinal)) property = property["properties/".Length..];
        var token = await GoogleServiceAccount.AccessTokenAsync(session, cancellationToken);
        var request = new HttpRequestMessage(method, new Uri(session.BaseUrl, $"v1beta/properties/{Uri.EscapeDataString(property)}{suffix}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
