using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.Meta;
using WorkPipelines.Domain.Connectors.Social;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>
/// The Meta Ads and Facebook Page connectors and their sandboxes judged by Meta's reference, written down in
/// <c>Contracts/documented/meta-graph.ts</c> with the pages it encodes (Meta publishes no machine-readable description
/// of the Graph or Marketing API; its business SDKs' field lists are under the Facebook Platform License, not a
/// permissive one). Every request must be a documented call on the pinned version with documented parameters, fields,
/// levels and metrics valid today; every sandbox answer may hold only documented fields (and documented action types);
/// every field the connectors read must be documented, of a kind they can hold.
/// </summary>
[Collection(ContractsCollection.Name)]
public sealed partial class MetaContractTests(ContractsApp app)
{
    public static readonly string Documented = Path.Combine(AppContext.BaseDirectory, "Domain", "Connectors", "Contracts", "documented", "meta-graph.ts");

    private static readonly Lazy<TypeScriptSchemas> Schemas = new(() => TypeScriptSchemas.Load(Documented, numbersAsStrings: false));

    private static readonly DocumentedOperation[] Operations =
    [
        new("GET", new Regex(@"^/v\d+\.0/debug_token$"), "DebugTokenParameters", "DebugTokenResponse"),
        new("GET", new Regex(@"^/v\d+\.0/me/permissions$"), "NoParameters", "PermissionsResponse"),
        new("GET", new Regex(@"^/v\d+\.0/act_\d+$"), "NodeParameters", "AdAccount"),
        new("GET", new Regex(@"^/v\d+\.0/act_\d+/insights$"), "AdsInsightsParameters", "AdsInsightsResponse"),
        new("GET", new Regex(@"^/v\d+\.0/\d+$"), "NodeParameters", "Page"),
        new("GET", new Regex(@"^/v\d+\.0/\d+/insights$"), "PageInsightsParameters", "InsightsResponse"),
        new("GET", new Regex(@"^/v\d+\.0/\d+/published_posts$"), "PagePostsParameters", "PagePostsResponse"),
    ];

    // [insights] level: the object the rows are per.
    private static readonly string[] Levels = ["account", "campaign", "adset", "ad"];

    // [actions] action types of purchases and the clicks and engagement Meta reports beside them.
    public static readonly string[] DocumentedActionTypes =
        ["purchase", "offsite_conversion.fb_pixel_purchase", "omni_purchase", "offsite_conversion.fb_pixel_add_to_cart", "link_click", "page_engagement", "post_engagement"];

    // [pinsights] Page and post metrics valid in v27.0, and those Meta removed that Graph answers "(#100) … valid
    // insights metric" to (https://developers.facebook.com/docs/platforminsights/page/deprecated-metrics, 2026-03-02;
    // Pages API changelog 2025-11-15).
    public static readonly string[] PageMetrics = ["page_total_media_view_unique", "page_media_view", "page_post_engagements", "page_follows", "page_daily_follows_unique"];
    public static readonly string[] PostMetrics = ["post_total_media_view_unique", "post_media_view", "post_reactions_by_type_total", "post_clicks"];
    public static readonly string[] RemovedMetrics = ["page_impressions_unique", "page_fans", "post_impressions_unique", "post_engaged_users"];

    [Theory]
    [InlineData("meta", "v27.0")]
    [InlineData("social", "v27.0")]
    public async Task Every_request_and_answer_of_a_sync_is_what_metas_reference_documents(string provider, string version)
    {
        var admin = await ApiUser.RegisterAsync(app, provider + "contract");
        await admin.ConnectSandboxAsync(provider, historyDays: 10);
        await admin.WaitForIdleAsync();
        var root = $"/sandbox/{provider}";
        // Instagram's own calls go to another node, the Page's instagram_business_account, and InstagramRequestsTests checks
        // them against the Instagram pages; here the Page's (its lookup of that account included).
        var traffic = app.Traffic.Of(provider).ToList();
        var instagram = traffic.Where(e => e.Status == 200 && e.Query.Contains("instagram_business_account", StringComparison.Ordinal))
            .Select(e => JsonDocument.Parse(e.ResponseBody).RootElement)
            .Select(page => page.TryGetProperty("instagram_business_account", out var account) ? account.GetProperty("id").GetString() : null)
            .OfType<string>().ToHashSet();
        var exchanges = traffic.Where(e => provider == "meta"
            || (PageNode().IsMatch(e.Path[root.Length..]) && !instagram.Contains(e.Path[root.Length..].Split('/')[2]))
            || e.Path.EndsWith("/debug_token", StringComparison.Ordinal)).ToList();

        var problems = exchanges.SelectMany(e => DocumentedOperations.Check(Schemas.Value, Operations, e, root).Concat(Values(e, root))).Distinct().ToList();

        Assert.Equal([version], exchanges.Select(e => e.Path[root.Length..].Split('/')[1]).Distinct());
        Assert.Equal(provider == "meta" ? ApiVersions.MetaMarketing.Version : ApiVersions.MetaGraph.Version, version);
        Assert.Contains(exchanges, e => e.Path.EndsWith("/insights", StringComparison.Ordinal) && e.Status == 200);
        if (provider == "social") Assert.Contains(exchanges, e => e.Path.EndsWith("/published_posts", StringComparison.Ordinal) && e.Status == 200);
        // The connect check's calls are judged too.
        Assert.Contains(exchanges, e => e.Path.EndsWith("/debug_token", StringComparison.Ordinal) && e.Status == 200);
        if (provider == "meta") Assert.Contains(exchanges, e => e.Path.EndsWith("/me/permissions", StringComparison.Ordinal) && e.Status == 200);
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(40)));
    }

    [Theory]
    [InlineData(typeof(MetaInsightsStream), "InsightsPage", "AdsInsightsResponse")]
    [InlineData(typeof(SocialPageInsightsStream), "InsightsPage", "InsightsResponse")]
    [InlineData(typeof(SocialPostsStream), "PostsPage", "PagePostsResponse")]
    [InlineData(null, "GraphNode", "AdAccount")]
    [InlineData(null, "GraphNode", "Page")]
    [InlineData(null, "GraphToken+TokenInfo", "DebugToken")]
    [InlineData(null, "GraphToken+PermissionEntry", "Permission")]
    public void Every_field_the_connectors_read_is_documented_by_meta(Type? owner, string reader, string schema)
    {
        var type = owner is null ? typeof(MetaConnector).Assembly.GetType($"WorkPipelines.Domain.Connectors.Graph.{reader}")! : owner.GetNestedType(reader, BindingFlags.NonPublic)!;

        // Graph is read with snake_case names (GraphApi.Json).
        Assert.Empty(Schemas.Value.CheckReader(type, schema, JsonNamingPolicy.SnakeCaseLower));
    }

    [Fact]
    public void The_purchase_action_types_the_connector_counts_are_documented()
    {
        var counted = (string[])typeof(MetaInsightsStream).GetField("PurchaseTypes", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

        Assert.NotEmpty(counted);
        Assert.All(counted, type => Assert.Contains(type, DocumentedActionTypes));
    }

    [Fact]
    public void The_checks_refuse_what_meta_does_not_document()
    {
        const string Root = "/sandbox/meta";
        var insights = new SandboxExchange("GET", Root + "/v27.0/act_1/insights",
            "?level=campaigns&time_increment=1&time_range=%7B%22since%22%3A%222026-01-01%22%2C%22till%22%3A%222026-01-31%22%7D&fields=spend,purchases&limit=100",
            "", 200, "application/json", """{"data":[{"spend":12.5,"date_start":"2026-01-01","actions":[{"action_type":"checkout","value":"1"}]}]}""",
            new Dictionary<string, string>());
        var page = new SandboxExchange("GET", "/sandbox/social/v27.0/1/insights", "?metric=page_fans,page_follows&period=day", "", 400, null, "", new Dictionary<string, string>());

        var problems = DocumentedOperations.Check(Schemas.Value, Operations, insights, Root).Concat(Values(insights, Root)).ToList();

        Assert.Equal(
        [
            "GET /v27.0/act_1/insights query $.time_range.till: not a field of Schema$TimeRange",
            "GET /v27.0/act_1/insights answer $.data[0].spend: Number where string is declared",
            "GET /v27.0/act_1/insights: level 'campaigns' is not one of account, campaign, adset, ad",
            "GET /v27.0/act_1/insights: field 'purchases' is not a field of Schema$AdsInsights",
            "GET /v27.0/act_1/insights: action_type 'checkout' is not a documented action type",
        ], problems);
        Assert.Equal(["GET /v27.0/1/insights: metric 'page_fans' was removed by Meta"], Values(page, "/sandbox/social"));
    }

    /// <summary>What the schemas cannot say: fields, levels, metrics and action types must be values Meta documents.</summary>
    private static IEnumerable<string> Values(SandboxExchange exchange, string root)
    {
        var path = exchange.Path[root.Length..];
        var query = DocumentedOperations.QueryJson(exchange.Query);
        string? Text(string name) => query.TryGetProperty(name, out var value) ? value.ToString() : null;
        var at = $"{exchange.Method} {path}";
        var node = path.EndsWith("/insights", StringComparison.Ordinal) ? (path.Contains("/act_") ? "AdsInsights" : null)
            : path.EndsWith("/published_posts", StringComparison.Ordinal) ? "PagePost"
            : path.Contains("/act_") ? "AdAccount" : "Page";

        if (path.Contains("/act_") && path.EndsWith("/insights", StringComparison.Ordinal) && Text("level") is { } level && !Levels.Contains(level))
            yield return $"{at}: level '{level}' is not one of {string.Join(", ", Levels)}";
        if (node is not null && Text("fields") is { } fields)
        {
            foreach (Match field in TopLevelField().Matches(fields))
            {
                var name = field.Groups["name"].Value;
                if (!Schemas.Value.Fields(node).ContainsKey(name)) yield return $"{at}: field '{name}' is not a field of Schema${node}";
                // A nested selection, name{a,b}: its fields must be the nested object's (the Page's Instagram account's).
                foreach (var inner in field.Groups["fields"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries))
                    if (!Schemas.Value.Fields("InstagramUser").ContainsKey(inner) || name != "instagram_business_account")
                        yield return $"{at}: field '{name}{{{inner}}}' is not a documented field of what {name} holds";
                foreach (var metric in field.Groups["metrics"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries))
                    if (MetricProblem(metric, PostMetrics) is { } problem) yield return $"{at}: {problem}";
            }
        }
        if (!path.Contains("/act_") && path.EndsWith("/insights", StringComparison.Ordinal))
            foreach (var metric in (Text("metric") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
                if (MetricProblem(metric, PageMetrics) is { } problem) yield return $"{at}: {problem}";
        if (exchange.Status == 200 && path.EndsWith("/insights", StringComparison.Ordinal) && path.Contains("/act_"))
            foreach (var row in JsonDocument.Parse(exchange.ResponseBody).RootElement.GetProperty("data").EnumerateArray())
                foreach (var list in new[] { "actions", "action_values" })
                    if (row.TryGetProperty(list, out var actions))
                        foreach (var action in actions.EnumerateArray())
                            if (action.GetProperty("action_type").GetString() is { } type && !DocumentedActionTypes.Contains(type))
                                yield return $"{at}: action_type '{type}' is not a documented action type";
    }

    private static string? MetricProblem(string metric, string[] valid) =>
        RemovedMetrics.Contains(metric) ? $"metric '{metric}' was removed by Meta"
        : valid.Contains(metric) ? null : $"metric '{metric}' is not one this test knows to be valid in v27.0";

    // A Graph fields list: names, each perhaps with an expansion such as insights.metric(a,b) or a nested selection name{a,b}.
    [GeneratedRegex(@"(?<name>[a-z_]+)(\.metric\((?<metrics>[^)]*)\)|\{(?<fields>[^}]*)\})?")]
    private static partial Regex TopLevelField();

    [GeneratedRegex(@"^/v\d+\.0/\d+(/insights|/published_posts)?$")]
    private static partial Regex PageNode();
}
