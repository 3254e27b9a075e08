using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WorkPipelines.Sandbox.Graph;
using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox.Social;

/// <summary>
/// The Graph API of a Facebook Page as the social connector calls it: <c>GET /{version}/{page}</c>,
/// <c>/{page}/insights?metric=…&amp;period=day&amp;since&amp;until</c> (at most 93 days, values with
/// <c>end_time</c> at the end of their day, paging previous/next) and <c>/{page}/published_posts</c>
/// (also <c>/posts</c>) newest first with cursor paging and the <c>insights.metric(…)</c> field
/// expansion; page-token usage in <c>X-Business-Use-Case-Usage</c>; throttling as code 32. The Page's connected Instagram
/// account (<c>fields=instagram_business_account{…}</c>) answers through <see cref="InstagramSandbox"/>.
/// </summary>
public sealed partial class SocialSandbox(TimeProvider time) : ISandboxProvider
{
    private const int MaxRangeDays = 93;
    private static readonly Dictionary<string, (string Title, Func<SocialSandboxData.PageDay, long> Value)> PageMetrics = new()
    {
        ["page_total_media_view_unique"] = ("Daily Total Media Viewers", d => d.Reach),
        ["page_post_engagements"] = ("Daily Post Engagements", d => d.Engagements),
        ["page_follows"] = ("Lifetime Page Follows", d => d.Fans),
    };

    private static readonly string[] PostMetrics = ["post_total_media_view_unique", "post_reactions_by_type_total", "post_clicks"];

    // Meta removed these on every version (https://developers.facebook.com/docs/platforminsights/page/deprecated-metrics);
    // Graph then fails the whole call, so a connector still asking for one gets nothing.
    private static IResult InvalidMetric() => GraphSandbox.InvalidParameter("The value must be a valid insights metric");

    private readonly GraphSandbox _graph = new(time);
    private InstagramSandbox? _instagram;

    // Instagram calls count against the same usage as the Page's: Meta meters a Page token's calls together.
    private InstagramSandbox Instagram => _instagram ??= new(time, _graph);

    public string Provider => "social";

    public string? ValueOf(string field, SandboxAccount? account) => field == "pageId" ? "1000000002" : null;

    public string? ReadToken(HttpRequest request) => GraphSandbox.ReadToken(request);

    public IResult Error(int status, string code, string message) => GraphSandbox.Error(status, code, message, rateLimitCode: 32);

    /// <summary>What the sandbox's Page token holds (less what a fault says it lacks).</summary>
    public static readonly string[] Scopes =
        ["pages_show_list", "pages_read_engagement", "read_insights", "instagram_basic", "instagram_manage_insights", "public_profile"];

    // Which permission each read needs (Page insights: read_insights and pages_read_engagement, https://developers.facebook.com/docs/platforminsights/page;
    // published posts: pages_read_engagement, https://developers.facebook.com/docs/graph-api/reference/page/published_posts/;
    // the Page's Instagram account: instagram_basic and pages_show_list, its insights instagram_manage_insights, see SocialConnector).
    private static readonly string[] PageReads = ["pages_read_engagement", "read_insights"];
    private static readonly string[] InstagramLookup = ["instagram_basic", "pages_show_list"];
    private static readonly string[] InstagramReads = ["instagram_basic", "instagram_manage_insights"];

    public void MapEndpoints(IEndpointRouteBuilder group)
    {
        group.MapGet("/{version}/debug_token", (HttpContext http, SandboxAccounts accounts, string version) =>
            GraphSandbox.IsVersion(version) ? _graph.DebugToken(http, accounts, PersonsToken(http) is null ? "PAGE" : "USER", Scopes) : GraphSandbox.UnknownVersion(version));
        group.MapGet("/{version}/{node}", Page);
        group.MapGet("/{version}/{node}/insights", Insights);
        group.MapGet("/{version}/{node}/published_posts", Posts);
        group.MapGet("/{version}/{node}/posts", Posts);
        group.MapGet("/{version}/{node}/media", Media);
    }

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private IResult Page(HttpContext http, SandboxAccounts accounts, string version, string node)
    {
        if (Invalid(http, version, node) is { } invalid) return invalid;
        if (InstagramSandboxData.IsUserId(node)) return Lacking(http, accounts, InstagramReads) ?? Instagram.User(http, node);
        var fields = http.Request.Query["fields"].ToString();
        if (LinkedAccountField().IsMatch(fields) && Lacking(http, accounts, InstagramLookup) is { } refused) return refused;
        var json = new Dictionary<string, object> { ["id"] = node };
        if (fields.Length == 0 || fields.Split(',').Contains("name")) json["name"] = "Sandbox Outdoor Co.";
        // The Page's own token, for someone who manages it: the sandbox's Page tokens are its account's token, which does not expire.
        if (fields.Split(',').Contains("access_token")) json["access_token"] = OAuth.SandboxOAuth.ReadAccessToken(GraphSandbox.ReadToken(http.Request)!).AccountToken;
        // The field is absent when no Instagram account is connected to the Page.
        if (LinkedAccountField().Match(fields) is { Success: true } linked && InstagramSandboxData.UserIdOf(node) is { } igUser)
            json["instagram_business_account"] = Instagram.UserFields(http.SandboxAccount(), igUser, linked.Groups[1].Success ? linked.Groups[1].Value : "id");
        return Results.Json(json);
    }

    private IResult Media(HttpContext http, SandboxAccounts accounts, string version, string node) =>
        Invalid(http, version, node) ?? Lacking(http, accounts, InstagramReads) ?? (InstagramSandboxData.IsUserId(node)
            ? Instagram.Media(http, version, node)
            : GraphSandbox.InvalidParameter("Tried accessing nonexisting field (media) on node type (Page)"));

    private IResult Insights(HttpContext http, SandboxAccounts accounts, string version, string node)
    {
        if (Invalid(http, version, node) is { } invalid) return invalid;
        if (InstagramSandboxData.IsUserId(node)) return Lacking(http, accounts, InstagramReads) ?? Instagram.Insights(http, node);
        if ((PersonsToken(http) ?? Lacking(http, accounts, PageReads)) is { } refused) return refused;
        var query = http.Request.Query;
        var metrics = query["metric"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (metrics.Length == 0 || metrics.Any(m => !PageMetrics.ContainsKey(m))) return InvalidMetric();
        if (query["period"].ToString() != "day") return GraphSandbox.InvalidParameter("The sandbox serves period=day only.");
        var until = GraphSandbox.Instant(query["until"].ToString()) ?? time.GetUtcNow();
        var since = GraphSandbox.Instant(query["since"].ToString()) ?? until.AddDays(-2);
        if (until < since || (until - since).TotalDays > MaxRangeDays)
            return GraphSandbox.InvalidParameter($"The since and until parameters must be no more than {MaxRangeDays} days apart.");

        var account = http.SandboxAccount();
        var days = SandboxData.Days(account, Today).ToList();
        // A daily value covers [since, until): its end_time (end of its day) falls in (since, until].
        var first = DateOnly.FromDateTime(since.UtcDateTime);
        var last = DateOnly.FromDateTime(until.UtcDateTime).AddDays(-1);
        var served = days.Where(d => d >= first && d <= last).Select(d => SocialSandboxData.Day(account, d)).ToList();
        _graph.AddUsage(http, "X-Business-Use-Case-Usage", node, "pages");

        var span = until.ToUnixTimeSeconds() - since.ToUnixTimeSeconds();
        return Results.Json(new
        {
            data = metrics.Select(m => new
            {
                name = m, period = "day",
                values = served.Select(d => new { value = PageMetrics[m].Value(d), end_time = EndTime(d.Day) }),
                title = PageMetrics[m].Title, description = $"Daily: {PageMetrics[m].Title}", id = $"{node}/insights/{m}/day",
            }),
            paging = new
            {
                previous = GraphSandbox.Link(http.Request, version, $"{node}/insights", Range(since.ToUnixTimeSeconds() - span, since.ToUnixTimeSeconds())),
                next = GraphSandbox.Link(http.Request, version, $"{node}/insights", Range(until.ToUnixTimeSeconds(), until.ToUnixTimeSeconds() + span)),
            },
        });
    }

    private IResult Posts(HttpContext http, SandboxAccounts accounts, string version, string node)
    {
        if (Invalid(http, version, node) is { } invalid) return invalid;
        if ((PersonsToken(http) ?? Lacking(http, accounts, PageReads)) is { } refused) return refused;
        var query = http.Request.Query;
        var limit = int.TryParse(query["limit"], out var l) ? l : 25;
        if (limit is < 1 or > 100) return GraphSandbox.InvalidParameter("Param limit must be between 1 and 100.");
        var since = GraphSandbox.Instant(query["since"].ToString())?.ToUnixTimeSeconds();
        var until = GraphSandbox.Instant(query["until"].ToString())?.ToUnixTimeSeconds();
        var fields = query["fields"].ToString();
        var insights = InsightsField().Match(fields) is { Success: true } match
            ? match.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : fields.Split(',').Contains("insights") ? PostMetrics : [];
        if (insights.Any(m => !PostMetrics.Contains(m))) return InvalidMetric();

        var account = http.SandboxAccount();
        var days = SandboxData.Days(account, Today).ToList();
        var first = days[0];
        var last = days[^1];
        var after = "";
        if (query["after"].ToString() is { Length: > 0 } cursor)
        {
            if (GraphSandbox.FromCursor(cursor) is not { } id || SocialSandboxData.DayOf(id) is not { } afterDay)
                return GraphSandbox.InvalidParameter("The after cursor is invalid.");
            after = id;
            last = afterDay < last ? afterDay : last;
        }
        if (since is { } s && DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(s).UtcDateTime) is var sinceDay && sinceDay > first) first = sinceDay;

        var page = new List<SocialSandboxData.Post>(limit + 1);
        var skipping = after.Length > 0;
        for (var day = last; day >= first && page.Count <= limit; day = day.AddDays(-1))
        {
            foreach (var post in SocialSandboxData.Posts(account, node, day))
            {
                if (skipping)
                {
                    if (post.Id == after) skipping = false;
                    continue;
                }
                if (post.Created < since || post.Created > until) continue;
                page.Add(post);
                if (page.Count > limit) break;
            }
            skipping = false;
        }
        _graph.AddUsage(http, "X-Business-Use-Case-Usage", node, "pages");

        var paging = GraphSandbox.Paging(http.Request, version, $"{node}/{http.Request.Path.Value!.Split('/')[^1]}", page.Select(p => p.Id).ToList(), limit);
        return Results.Json(new { data = page.Take(limit).Select(p => Post(p, fields, insights)), paging });
    }

    private static Dictionary<string, object> Post(SocialSandboxData.Post post, string fields, string[] insights)
    {
        var requested = fields.Length == 0 ? ["id", "message", "created_time"] : fields.Split(',').Select(f => f.Split('.')[0].Trim()).ToHashSet();
        var json = new Dictionary<string, object> { ["id"] = post.Id };
        if (requested.Contains("message") && post.Message is not null) json["message"] = post.Message;
        if (requested.Contains("created_time"))
            json["created_time"] = DateTimeOffset.FromUnixTimeSeconds(post.Created).ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", CultureInfo.InvariantCulture);
        if (insights.Length > 0)
        {
            json["insights"] = new
            {
                data = insights.Select(name => new
                {
                    name, period = "lifetime",
                    values = new[] { new { value = PostValue(post, name) } },
                    title = name switch
                    {
                        "post_total_media_view_unique" => "Lifetime Post Total Media Viewers",
                        "post_reactions_by_type_total" => "Lifetime Total post Reactions by Type.",
                        _ => "Lifetime Post Clicks",
                    },
                    id = $"{post.Id}/insights/{name}/lifetime",
                }),
            };
        }
        return json;
    }

    // Reactions by type is an object of counts; Graph leaves out the types nobody used.
    private static object PostValue(SocialSandboxData.Post post, string name) => name switch
    {
        "post_total_media_view_unique" => post.Reach,
        "post_reactions_by_type_total" => post.Reactions.Where(r => r.Value > 0).ToDictionary(),
        _ => post.Clicks,
    };

    // Graph reports a day's value at the end of the day in Pacific time (08:00 UTC in winter).
    private static string EndTime(DateOnly day) => day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T08:00:00+0000";

    private static Dictionary<string, string> Range(long since, long until) => new()
    {
        ["since"] = since.ToString(CultureInfo.InvariantCulture), ["until"] = until.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// A person's token (a signed-in user's, which the sandbox's sign-in issues with an expiry) where the Page's own is needed:
    /// Page insights and posts are read with a Page access token (https://developers.facebook.com/docs/platforminsights/page, Permissions).
    /// </summary>
    private static IResult? PersonsToken(HttpContext http) =>
        OAuth.SandboxOAuth.ReadAccessToken(GraphSandbox.ReadToken(http.Request) ?? "").Expires is null ? null
            : GraphSandbox.Error(StatusCodes.Status400BadRequest, "page_token_required", "", rateLimitCode: 0);

    /// <summary>Graph's permission error for the first of <paramref name="needed"/> the token lacks, or null when it has them all.</summary>
    private static IResult? Lacking(HttpContext http, SandboxAccounts accounts, string[] needed)
    {
        var grant = accounts.GrantOf(http.SandboxAccount());
        return needed.FirstOrDefault(p => !grant.Has(p)) is { } lacked ? GraphSandbox.Lacks(lacked) : null;
    }

    private static IResult? Invalid(HttpContext http, string version, string node)
    {
        if (!GraphSandbox.IsVersion(version)) return GraphSandbox.UnknownVersion(version);
        if (node.Length == 0 || !node.All(char.IsAsciiDigit))
            return GraphSandbox.InvalidParameter($"Unsupported get request. Object with ID '{node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.");
        return null;
    }

    [GeneratedRegex(@"insights\.metric\(([^)]*)\)")]
    private static partial Regex InsightsField();

    [GeneratedRegex(@"(?:^|,)instagram_business_account(?:\{([^}]*)\})?")]
    private static partial Regex LinkedAccountField();
}
