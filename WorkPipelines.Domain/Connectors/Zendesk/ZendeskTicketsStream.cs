using System.Text.Json;
using System.Text.Json.Serialization;

namespace WorkPipelines.Domain.Connectors.Zendesk;

/// <summary>
/// The cursor-based incremental ticket export, oldest change first, with the ticket metric sets sideloaded
/// (<c>include=metric_sets</c>, a documented Tickets sideload: developer.zendesk.com "Side-loading", supported endpoints)
/// for <c>solved_at</c> and the first reply time. The stream's cursor is Zendesk's own <c>after_cursor</c>: it resumes a pass
/// after a failure, and after <c>end_of_stream</c> it is where the next sync asks for what changed since. A first reply
/// updates its ticket, so the export brings it back with its metrics: first reply times are incremental too, instead of a
/// full read of /ticket_metrics on every sync. Each ticket gives up to four records, upserted by id, so a ticket exported
/// again after a change replaces its records instead of adding to them. The export allows 10 requests a minute
/// (developer.zendesk.com "Incremental Exports", Rate limits): its 429s are waited out in the run.
/// </summary>
internal sealed class ZendeskTicketsStream : IConnectorStream
{
    /// <summary>Tickets per request; the export allows up to 1000 and only 10 requests a minute.</summary>
    public const int PageSize = 1000;

    // Version 2: first replies come with the export. A cursor from before (no version) starts the export over once, so the
    // history gets its first reply records (the old ticket_metrics stream's records are removed as a retired stream's).
    private sealed record Cursor(string? After, int Version = 1);

    private const int CurrentVersion = 2;

    public string Name => "tickets";

    public async Task<StreamPage> ReadPageAsync(ConnectorSession session, string? cursor, CancellationToken cancellationToken)
    {
        var position = cursor is null ? new Cursor(null, CurrentVersion) : JsonSerializer.Deserialize<Cursor>(cursor)!;
        if (position.Version < CurrentVersion) position = new Cursor(null, CurrentVersion);
        var from = position.After is { } after ? $"cursor={Uri.EscapeDataString(after)}" : "start_time=0";
        var page = await RateLimits.WaitOutAsync(session, async ct =>
        {
            using var request = await ZendeskCalls.GetAsync(session, $"api/v2/incremental/tickets/cursor.json?{from}&per_page={PageSize}&include=metric_sets", ct);
            return await ConnectorHttp.SendAsync<ExportPage>(session, request, ct);
        }, cancellationToken);

        var metrics = (page.MetricSets ?? []).GroupBy(m => m.TicketId).ToDictionary(g => g.Key, g => g.First());
        var records = new List<ConnectorRecord>();
        foreach (var ticket in page.Tickets ?? [])
            records.AddRange(Records(ticket, metrics.GetValueOrDefault(ticket.Id)));

        // An empty export may come without a cursor: keep the one we had.
        var next = JsonSerializer.Serialize(new Cursor(page.AfterCursor ?? position.After, CurrentVersion));
        return new StreamPage(records, next, Done: page.EndOfStream || (page.Tickets?.Count ?? 0) == 0);
    }

    private static IEnumerable<ConnectorRecord> Records(Ticket ticket, MetricSet? metrics)
    {
        var solvedAt = metrics?.SolvedAt;
        if (ticket.CreatedAt is not { } created || ticket.UpdatedAt is not { } updated)
            throw new ConnectorDataException($"zendesk ticket {ticket.Id} has no created_at or updated_at");
        var channel = ticket.Via?.Channel ?? "";
        var records = new List<ConnectorRecord> { Record($"{ticket.Id}:created", created, channel, "support.tickets_created") };
        if (ticket.Status is "solved" or "closed")
            records.Add(Record($"{ticket.Id}:solved", solvedAt ?? updated, channel, "support.tickets_solved"));
        // The rating is the ticket's latest change we know of: it counts on the day the ticket was last updated.
        var metric = ticket.SatisfactionRating?.Score switch { "good" => "support.satisfaction_good", "bad" => "support.satisfaction_bad", _ => null };
        if (metric is not null) records.Add(Record($"{ticket.Id}:rating", updated, channel, metric));
        // Business hours when the account has a schedule, calendar minutes otherwise; no reply yet, no record. Counted on the
        // day the ticket was created, with the channel like the other records.
        if ((metrics?.ReplyTimeInMinutes?.Business ?? metrics?.ReplyTimeInMinutes?.Calendar) is { } minutes)
            records.Add(new ConnectorRecord($"{ticket.Id}:first_reply", ZendeskCalls.Day(created), channel,
                new Dictionary<string, double> { ["support.first_reply_minutes"] = minutes, ["support.first_reply_count"] = 1 }));
        return records;
    }

    private static ConnectorRecord Record(string id, DateTimeOffset at, string channel, string metric) =>
        new(id, ZendeskCalls.Day(at), channel, new Dictionary<string, double> { [metric] = 1 });

    private sealed record ExportPage(
        [property: JsonPropertyName("tickets")] List<Ticket>? Tickets,
        [property: JsonPropertyName("metric_sets")] List<MetricSet>? MetricSets,
        [property: JsonPropertyName("after_cursor")] string? AfterCursor,
        [property: JsonPropertyName("end_of_stream")] bool EndOfStream);

    private sealed record Ticket(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
        [property: JsonPropertyName("updated_at")] DateTimeOffset? UpdatedAt,
        [property: JsonPropertyName("status")] string? Status,
        [property: JsonPropertyName("via")] Via? Via,
        [property: JsonPropertyName("satisfaction_rating")] Rating? SatisfactionRating);

    private sealed record Via([property: JsonPropertyName("channel")] string? Channel);

    private sealed record Rating([property: JsonPropertyName("score")] string? Score);

    private sealed record MetricSet(
        [property: JsonPropertyName("ticket_id")] long TicketId,
        [property: JsonPropertyName("solved_at")] DateTimeOffset? SolvedAt,
        [property: JsonPropertyName("reply_time_in_minutes")] Minutes? ReplyTimeInMinutes);

    private sealed record Minutes(
        [property: JsonPropertyName("calendar")] double? Calendar,
        [property: JsonPropertyName("business")] double? Business);
}
