using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using WorkPipelines.Sandbox.Graph;
using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox.Social;

/// <summary>
/// The Instagram API with Facebook Login on graph.facebook.com, as the social connector calls it with a Page token:
/// <c>GET /{ig-user}</c>, <c>/{ig-user}/insights</c> and <c>/{ig-user}/media</c> with <c>insights.metric(…)</c> expanded.
/// Account insights answer <c>metric_type=total_value</c> as one total over since–until (and <c>reach</c> also as a daily
/// time series); metrics that exist only as totals are refused without it; removed metrics (impressions, the v21 profile
/// clicks, the pre-v22 media plays) are refused, which fails the whole call as Graph does.
/// Sources: https://developers.facebook.com/docs/instagram-platform/api-reference/instagram-user/insights and
/// https://developers.facebook.com/documentation/instagram-platform/reference/instagram-media/insights (checked 2026-12).
/// </summary>
internal sealed partial class InstagramSandbox(TimeProvider time, GraphSandbox graph)
{
    private static readonly Dictionary<string, (string Title, Func<InstagramSandboxData.AccountDay, long> Value)> AccountMetrics = new()
    {
        ["reach"] = ("Accounts reached", d => d.Reach),
        ["views"] = ("Views", d => d.Views),
        ["profile_views"] = ("Profile views", d => d.ProfileViews),
        ["accounts_engaged"] = ("Accounts engaged", d => d.AccountsEngaged),
        ["total_interactions"] = ("Content interactions", d => d.Interactions),
    };

    // Current account metrics the sandbox knows but does not serve; removed ones are neither.
    private static readonly string[] OtherAccountMetrics =
        ["comments", "engaged_audience_demographics", "follower_count", "follower_demographics", "follows_and_unfollows", "likes",
         "online_followers", "profile_links_taps", "replies", "saves", "shares"];

    private static readonly Dictionary<string, Func<InstagramSandboxData.Media, long>> MediaMetrics = new()
    {
        ["reach"] = m => m.Reach, ["views"] = m => m.Views, ["likes"] = m => m.Likes, ["comments"] = m => m.Comments,
        ["saved"] = m => m.Saved, ["shares"] = m => m.Shares, ["total_interactions"] = m => m.Interactions,
    };

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>The account node with the fields asked for (all of ours when none are).</summary>
    public IResult User(HttpContext http, string node) => Results.Json(UserFields(http.SandboxAccount(), node, http.Request.Query["fields"].ToString()));

    public Dictionary<string, object> UserFields(SandboxAccount account, string igUserId, string fields)
    {
        var asked = fields.Length == 0 ? ["id", "username", "followers_count", "media_count"] : fields.Split(',').Select(f => f.Trim()).ToHashSet();
        var json = new Dictionary<string, object> { ["id"] = igUserId };
        if (asked.Contains("username")) json["username"] = "sandboxoutdoorco";
        if (asked.Contains("followers_count")) json["followers_count"] = InstagramSandboxData.Followers(account, Today);
        if (asked.Contains("media_count"))
            json["media_count"] = SandboxData.Days(account, Today).Sum(d => InstagramSandboxData.MediaOn(account, d).Count);
        return json;
    }

    public IResult Insights(HttpContext http, string node)
    {
        var query = http.Request.Query;
        var metrics = query["metric"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (metrics.Length == 0) return GraphSandbox.InvalidParameter("The parameter metric is required");
        for (var i = 0; i < metrics.Length; i++)
            if (!AccountMetrics.ContainsKey(metrics[i]) && !OtherAccountMetrics.Contains(metrics[i])) return NotAMetric(i, [.. AccountMetrics.Keys, .. OtherAccountMetrics]);
        if (metrics.FirstOrDefault(OtherAccountMetrics.Contains) is { } other) return GraphSandbox.InvalidParameter($"The sandbox does not serve {other}.");
        if (query["period"].ToString() != "day") return GraphSandbox.InvalidParameter("The sandbox serves period=day only.");
        var totals = query["metric_type"].ToString() == "total_value";
        if (!totals && metrics.Where(m => m != "reach").ToList() is { Count: > 0 } totalOnly)
            return GraphSandbox.InvalidParameter($"The following metrics ({string.Join(", ", totalOnly)}) should be specified with parameter metric_type=total_value");

        var until = GraphSandbox.Instant(query["until"].ToString()) ?? time.GetUtcNow();
        var since = GraphSandbox.Instant(query["since"].ToString()) ?? until.AddDays(-2);
        if (until <= since) return GraphSandbox.InvalidParameter("The since parameter must be before the until parameter.");
        var account = http.SandboxAccount();
        var first = DateOnly.FromDateTime(since.UtcDateTime);
        var last = DateOnly.FromDateTime(until.UtcDateTime.AddTicks(-1));
        var days = SandboxData.Days(account, Today).Where(d => d >= first && d <= last).Select(d => InstagramSandboxData.Day(account, d)).ToList();
        graph.AddUsage(http, "X-Business-Use-Case-Usage", node, "instagram");

        // No data for the range: an empty data set, not zeros.
        if (days.Count == 0) return Results.Json(new { data = Array.Empty<object>() });
        return Results.Json(new
        {
            data = metrics.Select(m => totals
                ? (object)new
                {
                    name = m, period = "day", title = AccountMetrics[m].Title, description = AccountMetrics[m].Title,
                    total_value = new { value = days.Sum(AccountMetrics[m].Value) }, id = $"{node}/insights/{m}/day",
                }
                : new
                {
                    name = m, period = "day", title = AccountMetrics[m].Title, description = AccountMetrics[m].Title,
                    values = days.Select(d => new { value = AccountMetrics[m].Value(d), end_time = d.Day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T07:00:00+0000" }),
                    id = $"{node}/insights/{m}/day",
                }),
        });
    }

    public IResult Media(HttpContext http, string version, string node)
    {
        var query = http.Request.Query;
        var limit = int.TryParse(query["limit"], out var l) ? l : 25;
        if (limit is < 1 or > 100) return GraphSandbox.InvalidParameter("Param limit must be between 1 and 100.");
        var fields = query["fields"].ToString();
        var metrics = InsightsField().Match(fields) is { Success: true } match
            ? match.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        for (var i = 0; i < metrics.Length; i++)
            if (!MediaMetrics.ContainsKey(metrics[i])) return NotAMetric(i, MediaMetrics.Keys);

        var account = http.SandboxAccount();
        var days = SandboxData.Days(account, Today).ToList();
        var last = days[^1];
        var after = "";
        if (query["after"].ToString() is { Length: > 0 } cursor)
        {
            if (GraphSandbox.FromCursor(cursor) is not { } id || InstagramSandboxData.DayOf(id) is not { } afterDay)
                return GraphSandbox.InvalidParameter("The after cursor is invalid.");
            after = id;
            last = afterDay < last ? afterDay : last;
        }
        var page = new List<InstagramSandboxData.Media>(limit + 1);
        var skipping = after.Length > 0;
        for (var day = last; day >= days[0] && page.Count <= limit; day = day.AddDays(-1))
        {
            foreach (var media in InstagramSandboxData.MediaOn(account, day))
            {
                if (skipping)
                {
                    if (media.Id == after) skipping = false;
                    continue;
                }
                page.Add(media);
                if (page.Count > limit) break;
            }
            skipping = false;
        }
        graph.AddUsage(http, "X-Business-Use-Case-Usage", node, "instagram");

        var paging = GraphSandbox.Paging(http.Request, version, $"{node}/media", page.Select(m => m.Id).ToList(), limit);
        return Results.Json(new { data = page.Take(limit).Select(m => MediaJson(m, fields, metrics)), paging });
    }

    private static Dictionary<string, object> MediaJson(InstagramSandboxData.Media media, string fields, string[] metrics)
    {
        var asked = fields.Length == 0 ? ["id"] : fields.Split(',').Select(f => f.Split('.')[0].Trim()).ToHashSet();
        var json = new Dictionary<string, object> { ["id"] = media.Id };
        if (asked.Contains("caption") && media.Caption is not null) json["caption"] = media.Caption;
        if (asked.Contains("media_type")) json["media_type"] = media.MediaType;
        if (asked.Contains("media_product_type")) json["media_product_type"] = media.ProductType;
        if (asked.Contains("timestamp"))
            json["timestamp"] = DateTimeOffset.FromUnixTimeSeconds(media.Created).ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", CultureInfo.InvariantCulture);
        if (asked.Contains("permalink")) json["permalink"] = $"https://www.instagram.com/p/{media.Id[^11..]}/";
        if (metrics.Length > 0)
            json["insights"] = new
            {
                data = metrics.Select(name => new
                {
                    name, period = "lifetime", values = new[] { new { value = MediaMetrics[name](media) } },
                    title = name, id = $"{media.Id}/insights/{name}/lifetime",
                }),
            };
        return json;
    }

    // The wording Graph uses for a metric an insights edge does not have (removed ones included).
    private static IResult NotAMetric(int index, IEnumerable<string> valid) =>
        GraphSandbox.InvalidParameter($"metric[{index}] must be one of the following values: {string.Join(", ", valid)}");

    [GeneratedRegex(@"insights\.metric\(([^)]*)\)")]
    private static partial Regex InsightsField();
}
