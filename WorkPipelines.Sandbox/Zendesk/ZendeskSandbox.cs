using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox.Zendesk;

/// <summary>
/// Zendesk Support's API as the Zendesk connector calls it: the cursor-based incremental ticket
/// export (<c>/api/v2/incremental/tickets/cursor.json</c>, start_time or cursor, per_page,
/// include=metric_sets, after_cursor + end_of_stream), <c>/api/v2/ticket_metrics</c> with cursor
/// pagination (page[size], page[after], meta.has_more, links.next) and <c>/api/v2/users/me.json</c>;
/// basic auth <c>{email}/token:{api_token}</c>, or a signed-in admin's OAuth access token as a bearer token (its OAuth
/// endpoints: <see cref="OAuth.SandboxOAuthFormat.Zendesk"/>); Zendesk's error JSON. An API token is the account's, and the email says
/// which user it acts as: <see cref="AgentEmail"/> is an agent, whom the export refuses (403) as Zendesk does; any other
/// email is the account's admin.
/// </summary>
public sealed class ZendeskSandbox(TimeProvider time) : ISandboxProvider
{
    private const int ExportPageSize = 1000;
    private const int MetricsPageSize = 100;

    /// <summary>The sandbox account's agent: an email that authenticates, but not as an admin.</summary>
    public const string AgentEmail = "agent@sandbox.example";

    /// <summary>The sandbox account's admin, whose email and token a connection signs in with.</summary>
    public const string AdminEmail = "admin@sandbox.example";

    public string Provider => "zendesk";

    public string? ValueOf(string field, SandboxAccount? account) => field switch { "subdomain" => "sandbox", "email" => AdminEmail, _ => null };

    // The sandbox's sign-in is an admin's: a bearer token acts as the account's admin.
    public string? ReadToken(HttpRequest request) =>
        request.Headers.Authorization.ToString() is var header && header.StartsWith("Bearer ", StringComparison.Ordinal)
            ? header[7..].Trim() is { Length: > 0 } token ? token : null
            : Credentials(request)?.Token;

    private static (string Email, string Token)? Credentials(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.Ordinal)) return null;
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..]));
            var marker = pair.IndexOf("/token:", StringComparison.Ordinal);
            return marker > 0 ? (pair[..marker], pair[(marker + 7)..]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool IsAgent(HttpContext http) => string.Equals(Credentials(http.Request)?.Email, AgentEmail, StringComparison.OrdinalIgnoreCase);

    public IResult Error(int status, string code, string message) => status == 401
        ? Results.Json(new { error = "Couldn't authenticate you" }, statusCode: status)
        : Results.Json(new { error = status == 429 ? "APIRateLimitExceeded" : status >= 500 ? "InternalError" : code, description = message }, statusCode: status);

    public void MapEndpoints(IEndpointRouteBuilder group)
    {
        group.MapGet("/api/v2/users/me.json", ShowMe);
        group.MapGet("/api/v2/incremental/tickets/cursor.json", ExportTickets);
        group.MapGet("/api/v2/ticket_metrics", ListTicketMetrics);
    }

    private static IResult ShowMe(HttpContext http)
    {
        var agent = IsAgent(http);
        return Results.Json(new
        {
            user = new
            {
                id = 360_000_000_000L + http.SandboxAccount().Seed % 1_000_000 + (agent ? 1 : 0), url = Url(http, "/api/v2/users/me.json"),
                name = agent ? "Sandbox Agent" : "Sandbox Admin", email = agent ? AgentEmail : AdminEmail, role = agent ? "agent" : "admin",
                active = true, verified = true, time_zone = "UTC", locale = "en-US",
            },
        });
    }

    private DateOnly LastDay(SandboxAccount account) => account.EndsOn ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private IResult ExportTickets(HttpContext http)
    {
        // Incremental exports are allowed for admins only (developer.zendesk.com, Incremental Exports: "Allowed For: Admins").
        if (IsAgent(http)) return Error(403, "Forbidden", "You do not have access to this page. Please contact the account owner of this help desk for further help.");
        var query = http.Request.Query;
        var perPage = query.ContainsKey("per_page") ? (int.TryParse(query["per_page"], out var p) ? p : -1) : ExportPageSize;
        if (perPage is < 1 or > ExportPageSize) return Error(400, "InvalidValue", $"per_page must be between 1 and {ExportPageSize}");
        (long UpdatedAt, long Id) position;
        if (query["cursor"].ToString() is { Length: > 0 } cursor)
        {
            if (DecodeExportCursor(cursor) is not { } decoded) return Error(400, "InvalidPaginationParameter", "cursor is invalid");
            position = decoded;
        }
        else if (long.TryParse(query["start_time"], out var startTime) && startTime >= 0)
        {
            if (startTime > time.GetUtcNow().ToUnixTimeSeconds() - 60) return Error(400, "InvalidValue", "Too recent start_time. Use a start_time older than 1 minute");
            position = (startTime, 0); // ids are positive: everything updated at start_time or later is after this
        }
        else return Error(400, "InvalidValue", "start_time or cursor is required");

        var account = http.SandboxAccount();
        var days = SandboxData.Days(account, LastDay(account)).ToList();
        var from = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(position.UpdatedAt).UtcDateTime).AddDays(-ZendeskSandboxData.LifetimeDays);
        var candidates = new List<ZendeskSandboxData.Ticket>();
        var complete = true;
        foreach (var day in days.Where(d => d >= from))
        {
            candidates.AddRange(ZendeskSandboxData.Tickets(account, day, days[^1])
                .Where(t => t.UpdatedAt > position.UpdatedAt || (t.UpdatedAt == position.UpdatedAt && t.Id > position.Id)));
            // Tickets of later days are updated no earlier than the next midnight: those before it are final.
            var boundary = ZendeskSandboxData.Unix(day.AddDays(1));
            if (candidates.Count(t => t.UpdatedAt < boundary) > perPage)
            {
                complete = false;
                break;
            }
        }
        var sorted = candidates.OrderBy(t => t.UpdatedAt).ThenBy(t => t.Id).ToList();
        var page = sorted.Take(perPage).ToList();
        var endOfStream = complete && sorted.Count <= perPage;
        var after = page.Count > 0 ? EncodeExportCursor(page[^1].UpdatedAt, page[^1].Id) : EncodeExportCursor(position.UpdatedAt, position.Id);
        var includeMetrics = query["include"].ToString().Split(',').Contains("metric_sets");
        return Results.Json(new
        {
            tickets = page.Select(t => TicketJson(http, t)),
            metric_sets = includeMetrics ? page.Select(t => MetricJson(http, t)) : null,
            after_url = Url(http, $"/api/v2/incremental/tickets/cursor.json?cursor={Uri.EscapeDataString(after)}"),
            after_cursor = after,
            before_url = (string?)null,
            before_cursor = (string?)null,
            // No count: that belongs to the time-based export; the cursor-based one documents only the cursors and end_of_stream.
            end_of_stream = endOfStream,
        });
    }

    private IResult ListTicketMetrics(HttpContext http)
    {
        var query = http.Request.Query;
        var size = query.ContainsKey("page[size]") ? (int.TryParse(query["page[size]"], out var s) ? s : -1) : MetricsPageSize;
        if (size is < 1 or > MetricsPageSize) return Error(400, "InvalidPaginationParameter", $"page[size] must be between 1 and {MetricsPageSize}");
        long afterId = 0;
        if (query["page[after]"].ToString() is { Length: > 0 } cursor && !TryDecodeMetricsCursor(cursor, out afterId))
            return Error(400, "InvalidPaginationParameter", "page[after] is not a valid cursor");

        var account = http.SandboxAccount();
        var days = SandboxData.Days(account, LastDay(account)).ToList();
        var from = afterId > 0 ? ZendeskSandboxData.DayOf(afterId / 10) : days[0];
        var page = new List<ZendeskSandboxData.Ticket>(size + 1);
        foreach (var day in days.Where(d => d >= from))
        {
            page.AddRange(ZendeskSandboxData.Tickets(account, day, days[^1]).Where(t => MetricId(t) > afterId).Take(size + 1 - page.Count));
            if (page.Count > size) break;
        }
        var hasMore = page.Count > size;
        var items = page.Take(size).ToList();
        string? afterCursor = items.Count > 0 ? EncodeMetricsCursor(MetricId(items[^1])) : null;
        string? beforeCursor = items.Count > 0 ? EncodeMetricsCursor(MetricId(items[0])) : null;
        return Results.Json(new
        {
            ticket_metrics = items.Select(t => MetricJson(http, t)),
            meta = new { has_more = hasMore, after_cursor = afterCursor, before_cursor = beforeCursor },
            links = new
            {
                prev = beforeCursor is null ? null : Url(http, $"/api/v2/ticket_metrics?page[size]={size}&page[before]={Uri.EscapeDataString(beforeCursor)}"),
                next = hasMore ? Url(http, $"/api/v2/ticket_metrics?page[size]={size}&page[after]={Uri.EscapeDataString(afterCursor!)}") : null,
            },
        });
    }

    private static object TicketJson(HttpContext http, ZendeskSandboxData.Ticket t) => new
    {
        url = Url(http, $"/api/v2/tickets/{t.Id}.json"), id = t.Id, external_id = (string?)null,
        via = new { channel = t.Channel, source = new { from = new { }, to = new { }, rel = (string?)null } },
        created_at = Iso(t.CreatedAt), updated_at = Iso(t.UpdatedAt), generated_timestamp = t.UpdatedAt,
        type = "question", subject = t.Subject, raw_subject = t.Subject, description = $"{t.Subject} (sandbox ticket {t.Id})",
        priority = t.Priority, status = t.Status, requester_id = 361_000_000_000L + t.Id % 5_000, submitter_id = 361_000_000_000L + t.Id % 5_000,
        assignee_id = t.RepliedAt is null ? (long?)null : 360_000_000_000L + t.Id % 7, organization_id = (long?)null, group_id = 360_100_000_000L,
        tags = new[] { t.Channel }, has_incidents = false, is_public = true,
        satisfaction_rating = t.RatedAt is null
            ? (object)new { score = t.Rating }
            : new { id = 362_000_000_000L + t.Id, score = t.Rating, comment = t.Rating == "good" ? "Thanks!" : "Took too long", reason = (string?)null },
    };

    private static object MetricJson(HttpContext http, ZendeskSandboxData.Ticket t) => new
    {
        url = Url(http, $"/api/v2/ticket_metrics/{MetricId(t)}.json"), id = MetricId(t), ticket_id = t.Id,
        created_at = Iso(t.CreatedAt), updated_at = Iso(t.UpdatedAt),
        group_stations = 1, assignee_stations = t.RepliedAt is null ? 0 : 1, reopens = 0, replies = t.RepliedAt is null ? 0 : 1,
        assigned_at = t.RepliedAt is { } r ? Iso(r - 60) : null, initially_assigned_at = t.RepliedAt is { } ia ? Iso(ia - 60) : null,
        solved_at = t.SolvedAt is { } s ? Iso(s) : null, status_updated_at = Iso(t.SolvedAt ?? t.RepliedAt ?? t.CreatedAt),
        latest_comment_added_at = Iso(t.RepliedAt ?? t.CreatedAt),
        reply_time_in_minutes = new { calendar = t.ReplyCalendarMinutes, business = t.ReplyBusinessMinutes },
        first_resolution_time_in_minutes = new { calendar = Minutes(t.CreatedAt, t.SolvedAt), business = Minutes(t.CreatedAt, t.SolvedAt) / 3 },
        full_resolution_time_in_minutes = new { calendar = Minutes(t.CreatedAt, t.SolvedAt), business = Minutes(t.CreatedAt, t.SolvedAt) / 3 },
    };

    private static long MetricId(ZendeskSandboxData.Ticket t) => t.Id * 10 + 1;

    private static long? Minutes(long from, long? to) => to is { } end ? (end - from) / 60 : null;

    private static string Iso(long unix) => DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Url(HttpContext http, string pathAndQuery) =>
        $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/sandbox/zendesk{pathAndQuery}";

    // Shaped like Zendesk's own cursors: base64 of "{updated_at}.0||{id}|".
    private static string EncodeExportCursor(long updatedAt, long id) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{updatedAt}.0||{id}|"));

    private static (long, long)? DecodeExportCursor(string cursor)
    {
        try
        {
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(cursor)).Split('|');
            return parts.Length == 4 && long.TryParse(parts[0].Split('.')[0], out var updatedAt) && long.TryParse(parts[2], out var id) ? (updatedAt, id) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string EncodeMetricsCursor(long id) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"id:{id}")).TrimEnd('=');

    private static bool TryDecodeMetricsCursor(string cursor, out long id)
    {
        id = 0;
        try
        {
            var padded = cursor.PadRight(cursor.Length + (4 - cursor.Length % 4) % 4, '=');
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(padded));
            return text.StartsWith("id:", StringComparison.Ordinal) && long.TryParse(text[3..], out id) && id > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
