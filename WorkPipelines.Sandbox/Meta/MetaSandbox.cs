using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WorkPipelines.Sandbox.Graph;
using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox.Meta;

/// <summary>
/// The Marketing API as the Meta Ads connector calls it: <c>GET /{version}/act_{id}</c> and
/// <c>GET /{version}/act_{id}/insights?level=campaign&amp;time_increment=1&amp;time_range=…</c>,
/// numbers as strings, cursor paging, <c>X-Business-Use-Case-Usage</c> and
/// <c>x-ad-account-usage</c> and <c>x-fb-ads-insights-throttle</c> headers, Graph errors (rate limits as
/// code 80000, ads_insights; code 1 "reduce the amount of data" past a per-call budget).
/// </summary>
public sealed class MetaSandbox(TimeProvider time) : ISandboxProvider
{
    /// <summary>
    /// Campaign-days one insights call may cover. Meta's own data-per-call limit is unpublished and load-dependent;
    /// this one is low enough that any full 92-day window of an account with data is refused, so the connector's
    /// shorter-range path runs in every long sync.
    /// </summary>
    public const int MaxCampaignDaysPerCall = 300;

    /// <summary>The sandbox ad account's currency: the account's <c>currency</c> and each insights row's <c>account_currency</c>.</summary>
    public const string Currency = "USD";

    private readonly GraphSandbox _graph = new(time);

    public string Provider => "meta";

    public string? ValueOf(string field, SandboxAccount? account) => field == "adAccountId" ? "act_1000000001" : null;

    public string? ReadToken(HttpRequest request) => GraphSandbox.ReadToken(request);

    public IResult Error(int status, string code, string message) => GraphSandbox.Error(status, code, message, rateLimitCode: 80000);

    /// <summary>What a Marketing API user token of the sandbox holds (or declined, when a fault says it lacks one).</summary>
    public static readonly string[] Scopes = ["ads_read", "business_management", "public_profile"];

    public void MapEndpoints(IEndpointRouteBuilder group)
    {
        group.MapGet("/{version}/debug_token", (HttpContext http, SandboxAccounts accounts, string version) =>
            GraphSandbox.IsVersion(version) ? _graph.DebugToken(http, accounts, "USER", Scopes) : GraphSandbox.UnknownVersion(version));
        group.MapGet("/{version}/me/permissions", (HttpContext http, SandboxAccounts accounts, string version) =>
            GraphSandbox.IsVersion(version) ? GraphSandbox.Permissions(http, accounts, Scopes) : GraphSandbox.UnknownVersion(version));
        group.MapGet("/{version}/{node}", Account);
        group.MapGet("/{version}/{node}/insights", Insights);
    }

    private IResult Account(HttpContext http, SandboxAccounts accounts, string version, string node)
    {
        if (Invalid(http, accounts, version, node) is { } invalid) return invalid;
        return Results.Json(new
        {
            id = node, account_id = node[4..], name = "Sandbox Store – Ads", account_status = 1, currency = Currency, timezone_name = "America/Los_Angeles",
        });
    }

    private IResult Insights(HttpContext http, SandboxAccounts accounts, string version, string node)
    {
        if (Invalid(http, accounts, version, node) is { } invalid) return invalid;
        var query = http.Request.Query;
        if (query["level"].ToString() != "campaign") return GraphSandbox.InvalidParameter("The sandbox serves level=campaign insights only.");
        if (query["time_increment"].ToString() is not ("1" or "")) return GraphSandbox.InvalidParameter("The sandbox serves time_increment=1 only.");
        if (ParseRange(query["time_range"].ToString()) is not var (since, until)) return GraphSandbox.InvalidParameter("Param time_range must be a JSON object with since and until dates.");
        if (until < since) return GraphSandbox.InvalidParameter("time_range's until must not be before since.");
        var limit = int.TryParse(query["limit"], out var l) ? l : 25;
        if (limit is < 1 or > 500) return GraphSandbox.InvalidParameter("Param limit must be between 1 and 500.");
        var fields = query["fields"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();

        var account = http.SandboxAccount();
        var days = SandboxData.Days(account, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)).ToList();
        var first = since > days[0] ? since : days[0];
        var last = until < days[^1] ? until : days[^1];
        if (last >= first && (last.DayNumber - first.DayNumber + 1) * MetaSandboxData.Campaigns(account).Count > MaxCampaignDaysPerCall)
            return GraphSandbox.TooMuchData();
        // The cursor names the last row served (day, campaign): the next page starts right after it.
        (int Day, int Campaign)? after = null;
        if (query["after"].ToString() is { Length: > 0 } cursor)
        {
            if (GraphSandbox.FromCursor(cursor)?.Split(':') is not [var d, var c] || !int.TryParse(d, out var dayNumber) || !int.TryParse(c, out var index))
                return GraphSandbox.InvalidParameter("The after cursor is invalid.");
            after = (dayNumber, index);
            if (DateOnly.FromDayNumber(dayNumber) > first) first = DateOnly.FromDayNumber(dayNumber);
        }

        var rows = new List<MetaSandboxData.Row>(limit + 1);
        for (var day = first; day <= last && rows.Count <= limit; day = day.AddDays(1))
            rows.AddRange(MetaSandboxData.Rows(account, day).Where(r => after is not { } a || (r.Day.DayNumber, r.Campaign.Index).CompareTo(a) > 0));
        var page = rows.Take(limit).ToList();

        var calls = _graph.AddUsage(http, "X-Business-Use-Case-Usage", node[4..], "ads_insights");
        http.Response.Headers["x-ad-account-usage"] = JsonSerializer.Serialize(new
        {
            acc_id_util_pct = Math.Round(calls * 0.7, 2), reset_time_duration = 0, ads_api_access_tier = "standard_access",
        });
        http.Response.Headers["x-fb-ads-insights-throttle"] = JsonSerializer.Serialize(new
        {
            app_id_util_pct = Math.Round(calls * 0.5, 2), acc_id_util_pct = Math.Round(calls * 0.8, 2), ads_api_access_tier = "standard_access",
        });

        var paging = new Dictionary<string, object>();
        if (page.Count > 0)
        {
            paging["cursors"] = new { before = Cursor(page[0]), after = Cursor(page[^1]) };
            if (rows.Count > limit)
                paging["next"] = GraphSandbox.Link(http.Request, version, $"{node}/insights", new Dictionary<string, string> { ["after"] = Cursor(page[^1]) });
        }
        return Results.Json(new { data = page.Select(r => Json(r, node, fields)), paging });
    }

    private static Dictionary<string, object> Json(MetaSandboxData.Row row, string node, HashSet<string> fields)
    {
        var all = new Dictionary<string, object>
        {
            ["account_id"] = node[4..],
            ["account_currency"] = Currency,
            ["campaign_id"] = row.Campaign.Id,
            ["campaign_name"] = row.Campaign.Name,
            ["spend"] = row.Spend.ToString("0.##", CultureInfo.InvariantCulture),
            ["impressions"] = row.Impressions.ToString(CultureInfo.InvariantCulture),
            ["clicks"] = row.Clicks.ToString(CultureInfo.InvariantCulture),
            ["actions"] = Actions(row, value: false),
            ["action_values"] = Actions(row, value: true),
        };
        var json = all.Where(f => fields.Contains(f.Key)).ToDictionary();
        if (row.Purchases == 0) json.Remove("action_values");
        json["date_start"] = json["date_stop"] = row.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return json;
    }

    // Meta reports one purchase under several overlapping action types; clients must pick one.
    private static object[] Actions(MetaSandboxData.Row row, bool value)
    {
        var list = new List<object>();
        if (!value)
        {
            list.Add(Action("link_click", row.LinkClicks));
            list.Add(Action("page_engagement", row.Clicks + row.LinkClicks / 3));
            list.Add(Action("post_engagement", row.Clicks + row.LinkClicks / 3));
            if (row.AddsToCart > 0) list.Add(Action("offsite_conversion.fb_pixel_add_to_cart", row.AddsToCart));
        }
        if (row.Purchases > 0)
        {
            var amount = value ? row.PurchaseValue.ToString("0.##", CultureInfo.InvariantCulture) : row.Purchases.ToString(CultureInfo.InvariantCulture);
            foreach (var type in new[] { "offsite_conversion.fb_pixel_purchase", "omni_purchase", "purchase" })
                list.Add(new Dictionary<string, string> { ["action_type"] = type, ["value"] = amount });
        }
        return list.ToArray();
    }

    private static Dictionary<string, string> Action(string type, long count) =>
        new() { ["action_type"] = type, ["value"] = count.ToString(CultureInfo.InvariantCulture) };

    private static string Cursor(MetaSandboxData.Row row) => GraphSandbox.Cursor($"{row.Day.DayNumber}:{row.Campaign.Index}");

    private static (DateOnly Since, DateOnly Until)? ParseRange(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return (DateOnly.ParseExact(root.GetProperty("since").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateOnly.ParseExact(root.GetProperty("until").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or ArgumentNullException)
        {
            return null;
        }
    }

    private IResult? Invalid(HttpContext http, SandboxAccounts accounts, string version, string node)
    {
        if (!GraphSandbox.IsVersion(version)) return GraphSandbox.UnknownVersion(version);
        if (GraphSandbox.ExpiredMarketingVersion(version, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)) is { } expired) return expired;
        if (!node.StartsWith("act_", StringComparison.Ordinal) || node.Length < 5 || !node[4..].All(char.IsAsciiDigit))
            return GraphSandbox.InvalidParameter($"Unsupported get request. Object with ID '{node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.");
        if (!accounts.GrantOf(http.SandboxAccount()).Has("ads_read")) return GraphSandbox.Lacks("ads_read", 200);
        return null;
    }
}
