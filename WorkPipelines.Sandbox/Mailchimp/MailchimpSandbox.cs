using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace WorkPipelines.Sandbox.Mailchimp;

/// <summary>
/// Mailchimp Marketing API 3.0: <c>/3.0/ping</c>, <c>/3.0/reports</c> (newest send first,
/// <c>count</c>/<c>offset</c>, <c>since_send_time</c>), <c>/3.0/lists</c> and
/// <c>/3.0/lists/{id}/members</c> (<c>since_timestamp_opt</c> or <c>since_last_changed</c>, <c>sort_field</c>
/// <c>timestamp_opt</c> or <c>last_changed</c>, <c>sort_dir</c>). HTTP Basic auth with the API key as password, or a
/// signed-in account's OAuth access token as a bearer token (its OAuth endpoints: <see cref="OAuth.SandboxOAuthFormat.Mailchimp"/>); errors are
/// problem details. Sandbox members never change after they join, so their <c>last_changed</c> is their <c>timestamp_opt</c>
/// and both orders and filters are one.
/// </summary>
public sealed class MailchimpSandbox(TimeProvider time) : ISandboxProvider
{
    private const int MaxCount = 1000;

    public string Provider => "mailchimp";

    public string? ReadToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header[7..].Trim() is { Length: > 0 } token ? token : null;
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = pair.IndexOf(':');
            return colon >= 0 && colon < pair.Length - 1 ? pair[(colon + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public IResult Error(int status, string code, string message)
    {
        var (title, detail) = status switch
        {
            401 => ("API Key Invalid", "Your API key may be invalid, or you've attempted to access the wrong datacenter."),
            429 => ("Too Many Requests", "You have exceeded the limit of 10 simultaneous connections."),
            404 => ("Resource Not Found", message),
            >= 500 => ("Internal Server Error", "An unexpected internal error has occurred. Please contact Support for more information."),
            _ => ("Invalid Resource", message),
        };
        return Results.Json(new
        {
            type = "https://mailchimp.com/developer/marketing/docs/errors/", title, status, detail, instance = Guid.NewGuid().ToString(),
        }, statusCode: status, contentType: "application/problem+json");
    }

    public void MapEndpoints(IEndpointRouteBuilder group)
    {
        group.MapGet("/3.0/ping", () => Results.Json(new { health_status = "Everything's Chimpy!" }));
        group.MapGet("/3.0/reports", Reports);
        group.MapGet("/3.0/lists", Lists);
        group.MapGet("/3.0/lists/{listId}/members", Members);
    }

    private IResult Reports(HttpContext http)
    {
        if (Paging(http) is not (var count, var offset)) return Error(400, "invalid", "count must be 1-1000 and offset 0 or more.");
        if (Time(http, "since_send_time") is not (true, var since)) return Error(400, "invalid", "since_send_time must be an ISO 8601 time.");
        var account = http.SandboxAccount();
        var days = SandboxData.Days(account, Today).Reverse();
        var all = days.SelectMany(d => MailchimpSandboxData.Reports(account, d)).Where(r => since is null || r.SendTime > since).ToList();
        return Results.Json(new
        {
            reports = all.Skip(offset).Take(count).Select(r => new
            {
                id = r.Id, campaign_title = r.Title, type = "regular", list_id = r.ListId, list_is_active = true, list_name = r.ListName,
                subject_line = r.Title, preview_text = "", emails_sent = r.EmailsSent, abuse_reports = 0, unsubscribed = r.Unsubscribed,
                send_time = Iso(r.SendTime),
                bounces = new { hard_bounces = r.HardBounces, soft_bounces = r.SoftBounces, syntax_errors = r.SyntaxErrors },
                forwards = new { forwards_count = 0, forwards_opens = 0 },
                opens = new { opens_total = r.OpensTotal, unique_opens = r.UniqueOpens, open_rate = (double)r.UniqueOpens / r.EmailsSent, last_open = Iso(r.SendTime + 86_400) },
                clicks = new
                {
                    clicks_total = r.ClicksTotal, unique_clicks = r.UniqueClicks, unique_subscriber_clicks = r.UniqueClicks,
                    click_rate = (double)r.UniqueClicks / r.EmailsSent, last_click = Iso(r.SendTime + 86_400),
                },
            }),
            total_items = all.Count,
            _links = Array.Empty<object>(),
        });
    }

    private IResult Lists(HttpContext http)
    {
        if (Paging(http) is not (var count, var offset)) return Error(400, "invalid", "count must be 1-1000 and offset 0 or more.");
        var account = http.SandboxAccount();
        var days = SandboxData.Days(account, Today).ToList();
        var audiences = MailchimpSandboxData.Audiences(account);
        return Results.Json(new
        {
            lists = audiences.Skip(offset).Take(count).Select(a => new
            {
                id = a.Id, web_id = a.WebId, name = a.Name, date_created = Iso(Start(days[0])), list_rating = 3,
                stats = new { member_count = days.Sum(d => MailchimpSandboxData.MemberCount(account, a, d)), unsubscribe_count = 0, cleaned_count = 0 },
            }),
            total_items = audiences.Count,
            _links = Array.Empty<object>(),
        });
    }

    private IResult Members(HttpContext http, string listId)
    {
        if (Paging(http) is not (var count, var offset)) return Error(400, "invalid", "count must be 1-1000 and offset 0 or more.");
        if (Time(http, "since_timestamp_opt") is not (true, var sinceOpt)) return Error(400, "invalid", "since_timestamp_opt must be an ISO 8601 time.");
        if (Time(http, "since_last_changed") is not (true, var sinceChanged)) return Error(400, "invalid", "since_last_changed must be an ISO 8601 time.");
        var since = sinceOpt is null ? sinceChanged : sinceChanged is null ? sinceOpt : Math.Max(sinceOpt.Value, sinceChanged.Value);
        var account = http.SandboxAccount();
        if (MailchimpSandboxData.Audiences(account).FirstOrDefault(a => a.Id == listId) is not { } audience)
            return Error(404, "not_found", "The requested resource could not be found.");
        var query = http.Request.Query;
        var ascending = query["sort_field"].ToString() is "timestamp_opt" or "last_changed" && string.Equals(query["sort_dir"], "ASC", StringComparison.OrdinalIgnoreCase);
        var days = SandboxData.Days(account, Today).ToList();
        if (since is { } s) days = days.Where(d => Start(d) + 86_400 > s).ToList();
        if (!ascending) days.Reverse();

        // Skip whole days by their counts, generate only the days the page covers.
        var total = days.Sum(d => MailchimpSandboxData.MemberCount(account, audience, d));
        var page = new List<MailchimpSandboxData.Member>(count);
        var skip = offset;
        foreach (var day in days)
        {
            if (page.Count >= count) break;
            var dayCount = MailchimpSandboxData.MemberCount(account, audience, day);
            if (since is null && skip >= dayCount) { skip -= dayCount; continue; }
            var members = MailchimpSandboxData.Members(account, audience, day).Where(m => since is null || m.TimestampOpt > since);
            foreach (var member in ascending ? members : members.Reverse())
            {
                if (skip > 0) { skip--; continue; }
                page.Add(member);
                if (page.Count >= count) break;
            }
        }
        if (since is not null) total = days.Sum(d => MailchimpSandboxData.Members(account, audience, d).Count(m => m.TimestampOpt > since));
        return Results.Json(new
        {
            members = page.Select(m => new
            {
                id = m.Id, email_address = m.Email, unique_email_id = m.Id[..10], contact_id = m.Id, status = m.Status,
                timestamp_signup = "", timestamp_opt = Iso(m.TimestampOpt), last_changed = Iso(m.TimestampOpt), list_id = audience.Id,
                email_type = "html", merge_fields = new { FNAME = "", LNAME = "" }, tags_count = 0, tags = Array.Empty<object>(),
            }),
            list_id = audience.Id,
            total_items = total,
            _links = Array.Empty<object>(),
        });
    }

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static (int Count, int Offset)? Paging(HttpContext http)
    {
        var query = http.Request.Query;
        var count = query["count"].Count == 0 ? 10 : int.TryParse(query["count"], out var c) ? c : -1;
        var offset = query["offset"].Count == 0 ? 0 : int.TryParse(query["offset"], out var o) ? o : -1;
        return count is < 1 or > MaxCount || offset < 0 ? null : (count, offset);
    }

    private static (bool Valid, long? Value) Time(HttpContext http, string name)
    {
        var text = http.Request.Query[name].ToString();
        if (text.Length == 0) return (true, null);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? (true, at.ToUnixTimeSeconds()) : (false, null);
    }

    private static long Start(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();

    private static string Iso(long unix) => DateTimeOffset.FromUnixTimeSeconds(unix).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
}
