using System.Text.Json;
using System.Text.Json.Serialization;

namespace WorkPipelines.Domain.Connectors.Zendesk;

/// <summary>
/// The cursor-based incremental ticket export, oldest change first, with the ticket metric sets
/// sideloaded for <c>solved_at</c>. The stream's cursor is Zendesk's own <c>after_cursor</c>: it
/// resumes a pass after a failure, and after <c>end_of_stream</c> it is where the next sync asks
/// for what changed since. Each ticket gives up to three records, upserted by id, so a ticket
/// exported again after a change replaces its records instead of adding to them.
/// </summary>
internal sealed class ZendeskTicketsStream : IConnectorStream
{
    /// <summary>Tickets per request; the export allows up to 1000 and only 10 requests a minute.</summary>
    public const int PageSize = 1000;

    private sealed record Cursor(string? After);

    public string Name => "tickets";

    public async Task<StreamPage> ReadPageAsync(ConnectorSession session, string? cursor, CancellationToken cancellationToken)
    {
        var position = cursor is null ? new Cursor(null) : JsonSerializer.Deserialize<Cursor>(cursor)!;
        var from = position.After is { } after ? $"cursor={Uri.EscapeDataString(after)}" : "start_time=0";
        using var request = ZendeskCalls.Get(session, $"api/v2/incremental/tickets/cursor.json?{from}&per_page={PageSize}&include=metric_sets");
        var page = await ConnectorHttp.SendAsync<ExportPage>(session, request, cancellationToken);

        var solvedAt = (page.MetricSets ?? []).Where(m => m.SolvedAt is not null).ToDictionary(m => m.TicketId, m => m.SolvedAt!.Value);
        var records = new List<ConnectorRecord>();
        foreach (var ticket in page.Tickets ?? [])
            records.AddRange(Records(ticket, solvedAt.TryGetValue(ticket.Id, out var solved) ? solved : null));

        // An empty export may come without a cursor: keep the one we had.
        var next = JsonSerializer.Serialize(new Cursor(page.AfterCursor ?? position.After));
        return new StreamPage(records, next, Done: page.EndOfStream || (page.Tickets?.Count ?? 0) == 0);
    }

    private static IEnumerable<ConnectorRecord> Records(Ticket ticket, DateTimeOffset? solvedAt)
    {
        if (ticket.CreatedAt is not { } created || ticket.UpdatedAt is not { } updated)
            throw new ConnectorDataException($"zendesk ticket {ticket.Id} has no created_at or updated_at");
        var channel = ticket.Via?.Channel ?? "";
        var records = new List<ConnectorRecord> { Record($"{ticket.Id}:created", created, channel, "support.tickets_created") };
        if (ticket.Status is "solved" or "closed")
            records.Add(Record($"{ticket.Id}:solved", solvedAt ?? updated, channel, "support.tickets_solved"));
        // The rating is the ticket's latest change we know of: it counts on the day the ticket was last updated.
        var metric = ticket.SatisfactionRating?.Score switch { "good" => "support.satisfaction_good", "bad" => "support.satisfaction_bad", _ => null };
        if (metric is not null) records.Add(Record($"{ticket.Id}:rating", updated, channel, metric));
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
        [property: JsonPropertyName("solved_at")] DateTimeOffset? SolvedAt);
}
