using System.Text.Json;
using System.Text.Json.Serialization;

namespace WorkPipelines.Domain.Connectors.Zendesk;

/// <summary>
/// First reply times from <c>/api/v2/ticket_metrics</c> with cursor pagination. The list has no
/// "changed since" filter and a ticket's first reply lands after it was created, so every sync
/// reads it in full; the cursor (<c>meta.after_cursor</c>) only makes a failed pass resume where it
/// stopped. One record per replied ticket, on the day the ticket was created.
/// </summary>
internal sealed class ZendeskTicketMetricsStream : IConnectorStream
{
    /// <summary>Metrics per request; Zendesk's cursor pagination allows up to 100.</summary>
    public const int PageSize = 100;

    private sealed record Cursor(string? After);

    public string Name => "ticket_metrics";

    public async Task<StreamPage> ReadPageAsync(ConnectorSession session, string? cursor, CancellationToken cancellationToken)
    {
        var position = cursor is null ? new Cursor(null) : JsonSerializer.Deserialize<Cursor>(cursor)!;
        var after = position.After is { } a ? $"&page[after]={Uri.EscapeDataString(a)}" : "";
        using var request = ZendeskCalls.Get(session, $"api/v2/ticket_metrics?page[size]={PageSize}{after}");
        var page = await ConnectorHttp.SendAsync<MetricsPage>(session, request, cancellationToken);

        var records = new List<ConnectorRecord>();
        foreach (var metric in page.TicketMetrics ?? [])
        {
            if (metric.CreatedAt is not { } created) throw new ConnectorDataException($"zendesk ticket metric {metric.Id} (ticket {metric.TicketId}) has no created_at");
            // Business hours when the account has a schedule, calendar minutes otherwise; no reply yet, no record.
            if ((metric.ReplyTimeInMinutes?.Business ?? metric.ReplyTimeInMinutes?.Calendar) is not { } minutes) continue;
            records.Add(new ConnectorRecord(metric.TicketId.ToString(System.Globalization.CultureInfo.InvariantCulture), ZendeskCalls.Day(created), "",
                new Dictionary<string, double> { ["support.first_reply_minutes"] = minutes, ["support.first_reply_count"] = 1 }));
        }

        if (page.Meta?.HasMore == true && page.Meta.AfterCursor is { } next)
            return new StreamPage(records, JsonSerializer.Serialize(new Cursor(next)), Done: false);
        return new StreamPage(records, null, Done: true);
    }

    private sealed record MetricsPage(
        [property: JsonPropertyName("ticket_metrics")] List<TicketMetric>? TicketMetrics,
        [property: JsonPropertyName("meta")] Meta? Meta);

    private sealed record Meta(
        [property: JsonPropertyName("has_more")] bool HasMore,
        [property: JsonPropertyName("after_cursor")] string? AfterCursor);

    private sealed record TicketMetric(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("ticket_id")] long TicketId,
        [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
        [property: JsonPropertyName("reply_time_in_minutes")] Minutes? ReplyTimeInMinutes);

    private sealed record Minutes(
        [property: JsonPropertyName("calendar")] double? Calendar,
        [property: JsonPropertyName("business")] double? Business);
}
