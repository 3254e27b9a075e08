using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace WorkPipelines.Domain.Connectors.Mailchimp;

/// <summary>
/// Mailchimp Marketing API 3.0 (HTTP Basic, the API key as password, at the data centre its <c>-usN</c> suffix names; see
/// <see cref="ProviderHosts"/>). Two streams: campaign reports, and new subscribers per day from the audiences' members,
/// because <c>growth-history</c> is monthly and the rollups are daily.
/// </summary>
public sealed class MailchimpConnector : IConnector
{
    public const string Key = "mailchimp";

    public string Provider => Key;

    /// <summary>A signed-in connection's data centre ("us21"), from Mailchimp's OAuth metadata; an API key carries it as its suffix.</summary>
    public const string DataCentreField = "dc";

    public IReadOnlyList<IConnectorStream> Streams { get; } = [new MailchimpCampaignsStream(), new MailchimpListsStream()];

    /// <summary>Where a person creates a key (https://mailchimp.com/help/about-api-keys/, "Generate your API key").</summary>
    public const string WhereToCreate = "Profile → Extras → API keys → Create A Key";

    /// <summary>
    /// <c>/3.0/ping</c>, a health check that "won't return any account-specific information"
    /// (https://mailchimp.com/developer/marketing/api/ping/): any key may call it, as Mailchimp API keys carry no scopes; they
    /// act with the full rights of the user who made them (https://mailchimp.com/help/about-api-keys/). A refused key is 401
    /// "API Key Invalid" (problem details, https://mailchimp.com/developer/marketing/docs/errors/): say where to make one.
    /// </summary>
    public async Task VerifyAsync(ConnectorSession session, CancellationToken cancellationToken)
    {
        try
        {
            await MailchimpCalls.GetAsync(session, "3.0/ping", cancellationToken);
        }
        catch (ConnectorAuthException)
        {
            // Mailchimp's own words ("Your API key may be invalid, or you've attempted to access the wrong datacenter") do not
            // help here: the data centre comes from the key itself.
            throw new ConnectorAuthException($"Mailchimp refused this API key: create one in {WhereToCreate} and paste it whole, data centre suffix included (…-us21)");
        }
    }
}

/// <summary>Sends authenticated GETs and reads the JSON answer; errors (problem details) become typed failures in <see cref="ConnectorHttp"/>.</summary>
internal static class MailchimpCalls
{
    public static async Task<JsonElement> GetAsync(ConnectorSession session, string pathAndQuery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(session.BaseUrl, pathAndQuery));
        // A signed-in connection calls its data centre with the OAuth access token as a bearer token ("Access user data with
        // OAuth 2": https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/; the Marketing API's OAuth 2 app
        // credential is "Authorization: Bearer <credential>", integrations.sh/mailchimp.com/mailchimp-marketing-api); an API key
        // goes as Basic's password (https://mailchimp.com/developer/marketing/docs/fundamentals/).
        request.Headers.Authorization = session.Grant is not null
            ? new AuthenticationHeaderValue("Bearer", await session.AccessTokenAsync(cancellationToken))
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("workpipelines:" + session.Credential("apiKey"))));
        return await ConnectorHttp.SendAsync<JsonElement>(session, request, cancellationToken);
    }

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    public static JsonElement.ArrayEnumerator Items(JsonElement page, string name, string stream) =>
        page.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray()
            : throw new ConnectorDataException($"mailchimp {stream}: the answer has no '{name}' array");

    public static int TotalItems(JsonElement page) => page.TryGetProperty("total_items", out var total) && total.TryGetInt32(out var n) ? n : 0;

    /// <summary>Converts one item, naming it when it cannot be read.</summary>
    public static T Read<T>(string stream, JsonElement item, Func<JsonElement, T> convert)
    {
        try
        {
            return convert(item);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            var id = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var i) ? i.ToString() : "without an id";
            throw new ConnectorDataException($"mailchimp {stream} record {id} could not be read: {ex.Message}", ex);
        }
    }
}

/// <summary>
/// Sent campaigns from <c>/3.0/reports</c>, newest first, by offset. Opens and clicks keep coming
/// in for weeks after a send, so an incremental pass re-reads the campaigns sent in the
/// <see cref="Settling"/> window before the newest one seen; upserts replace their figures.
/// </summary>
internal sealed class MailchimpCampaignsStream : IConnectorStream
{
    private const int PageSize = 100;
    public static readonly TimeSpan Settling = TimeSpan.FromDays(30);

    private sealed record Cursor(DateTimeOffset? Since, int Offset, DateTimeOffset? Newest);

    public string Name => "campaigns";

    public async Task<StreamPage> ReadPageAsync(ConnectorSession session, string? cursor, CancellationToken cancellationToken)
    {
        var position = cursor is null ? new Cursor(null, 0, null) : JsonSerializer.Deserialize<Cursor>(cursor)!;
        var since = position.Since is { } s ? $"&since_send_time={Uri.EscapeDataString(MailchimpCalls.Iso(s))}" : "";
        var page = await MailchimpCalls.GetAsync(session, $"3.0/reports?count={PageSize}&offset={position.Offset}{since}", cancellationToken);

        var records = new List<ConnectorRecord>();
        var newest = position.Newest;
        var read = 0;
        foreach (var report in MailchimpCalls.Items(page, "reports", Name))
        {
            read++;
            var (record, sent) = MailchimpCalls.Read(Name, report, Convert);
            records.Add(record);
            newest = newest is null || sent > newest ? sent : newest;
        }

        if (read == PageSize && position.Offset + read < MailchimpCalls.TotalItems(page))
            return new StreamPage(records, JsonSerializer.Serialize(position with { Offset = position.Offset + read, Newest = newest }), Done: false);
        var next = newest is { } n ? n - Settling : position.Since;
        return new StreamPage(records, JsonSerializer.Serialize(new Cursor(next, 0, null)), Done: true);
    }

    private static (ConnectorRecord Record, DateTimeOffset Sent) Convert(JsonElement report)
    {
        var sent = report.GetProperty("send_time").GetDateTimeOffset();
        var bounces = report.GetProperty("bounces");
        var record = new ConnectorRecord(report.GetProperty("id").GetString() ?? throw new FormatException("id is null"), DateOnly.FromDateTime(sent.UtcDateTime),
            report.GetProperty("campaign_title").GetString() ?? "", new Dictionary<string, double>
            {
                ["email.campaigns_sent"] = 1,
                ["email.sends"] = report.GetProperty("emails_sent").GetDouble(),
                ["email.opens"] = report.GetProperty("opens").GetProperty("unique_opens").GetDouble(),
                ["email.clicks"] = report.GetProperty("clicks").GetProperty("unique_clicks").GetDouble(),
                ["email.unsubscribes"] = report.GetProperty("unsubscribed").GetDouble(),
                ["email.bounces"] = bounces.GetProperty("hard_bounces").GetDouble() + bounces.GetProperty("soft_bounces").GetDouble()
                                    + bounces.GetProperty("syntax_errors").GetDouble(),
            });
        return (record, sent);
    }
}

/// <summary>
/// New subscribers per day and audience: a member counts once, on the day it opted in (<c>timestamp_opt</c>, or
/// <c>timestamp_signup</c> when Mailchimp has no opt-in time), and only while its status is <c>subscribed</c>: cleaned,
/// unsubscribed, pending and transactional contacts are not subscriptions. The pass walks the audiences one by one,
/// members in <c>last_changed</c> order by offset, and remembers per audience the newest change seen; the next sync asks
/// only for members changed since (<c>since_last_changed</c>), so one who unsubscribes later is read again and stops counting.
/// Fields and parameters: Mailchimp Marketing API "List members info" (GET /lists/{list_id}/members), as generated in the
/// official SDK mailchimp/mailchimp-marketing-python-sdk (src/mailchimp_marketing/lists/types/list_members_lists_request_sort_field.py:
/// timestamp_opt, timestamp_signup, last_changed).
/// </summary>
internal sealed class MailchimpListsStream : IConnectorStream
{
    private const int PageSize = 500;

    private sealed record Audience(string Id, string Name);

    private sealed record Cursor(List<Audience>? Lists, int Index, int Offset, DateTimeOffset? Newest, Dictionary<string, DateTimeOffset> Since);

    public string Name => "lists";

    public async Task<StreamPage> ReadPageAsync(ConnectorSession session, string? cursor, CancellationToken cancellationToken)
    {
        var position = cursor is null ? new Cursor(null, 0, 0, null, []) : JsonSerializer.Deserialize<Cursor>(cursor)!;
        if (position.Lists is null)
        {
            var lists = await MailchimpCalls.GetAsync(session, "3.0/lists?count=1000&fields=lists.id,lists.name,total_items", cancellationToken);
            var audiences = MailchimpCalls.Items(lists, "lists", Name)
                .Select(l => MailchimpCalls.Read(Name, l, x => new Audience(x.GetProperty("id").GetString()!, x.GetProperty("name").GetString() ?? ""))).ToList();
            position = position with { Lists = audiences, Index = 0, Offset = 0, Newest = null };
            if (audiences.Count == 0) return new StreamPage([], JsonSerializer.Serialize(position with { Lists = null }), Done: true);
        }

        var audience = position.Lists[position.Index];
        var since = position.Since.TryGetValue(audience.Id, out var s)
            // "after the set time": step back a second so members of the same second are not lost; upserts absorb the overlap.
            ? $"&since_last_changed={Uri.EscapeDataString(MailchimpCalls.Iso(s.AddSeconds(-1)))}" : "";
        var page = await MailchimpCalls.GetAsync(session,
            $"3.0/lists/{Uri.EscapeDataString(audience.Id)}/members?count={PageSize}&offset={position.Offset}&sort_field=last_changed&sort_dir=ASC{since}" +
            "&fields=members.id,members.status,members.timestamp_opt,members.timestamp_signup,members.last_changed,total_items", cancellationToken);

        var records = new List<ConnectorRecord>();
        var newest = position.Newest;
        var read = 0;
        foreach (var member in MailchimpCalls.Items(page, "members", Name))
        {
            read++;
            var (id, status, joined, changed) = MailchimpCalls.Read(Name, member, m => (m.GetProperty("id").GetString() ?? throw new FormatException("id is null"),
                m.GetProperty("status").GetString(), Time(m, "timestamp_opt") ?? Time(m, "timestamp_signup"), Time(m, "last_changed")));
            if (changed is { } c) newest = newest is null || c > newest ? c : newest;
            // A contact that never opted in (pending, imported without a time) never counted: nothing to write or replace.
            if (joined is not { } at) continue;
            // One no longer subscribed keeps its record with no measures, replacing the one that counted it.
            records.Add(new ConnectorRecord($"{audience.Id}:{id}", DateOnly.FromDateTime(at.UtcDateTime), audience.Name,
                status == "subscribed" ? new Dictionary<string, double> { ["email.subscribers_new"] = 1 } : new Dictionary<string, double>()));
        }

        if (read == PageSize && position.Offset + read < MailchimpCalls.TotalItems(page))
            return new StreamPage(records, JsonSerializer.Serialize(position with { Offset = position.Offset + read, Newest = newest }), Done: false);

        var sinceByList = new Dictionary<string, DateTimeOffset>(position.Since);
        if (newest is { } n) sinceByList[audience.Id] = n;
        var nextIndex = position.Index + 1;
        return nextIndex < position.Lists.Count
            ? new StreamPage(records, JsonSerializer.Serialize(new Cursor(position.Lists, nextIndex, 0, null, sinceByList)), Done: false)
            : new StreamPage(records, JsonSerializer.Serialize(new Cursor(null, 0, 0, null, sinceByList)), Done: true);
    }

    private static DateTimeOffset? Time(JsonElement member, string field) =>
        member.TryGetProperty(field, out var value) && value.GetString() is { Length: > 0 } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : null;
}
