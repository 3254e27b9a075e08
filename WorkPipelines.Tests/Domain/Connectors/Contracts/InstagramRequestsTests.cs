using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>
/// The Instagram requests of a social sync, checked against what Meta documents. Meta publishes no machine-readable
/// description under a licence we may keep (facebook-nodejs-business-sdk is under the Facebook Platform License; its
/// field lists were read, not copied), so the lists below encode the documentation pages, each named, as of 2026-12.
/// </summary>
[Collection(ContractsCollection.Name)]
public sealed partial class InstagramRequestsTests(ContractsApp app)
{
    // https://developers.facebook.com/docs/instagram-platform/api-reference/instagram-user/insights: the account metrics
    // of today; views, profile_views, accounts_engaged and total_interactions answer only with metric_type=total_value.
    private static readonly HashSet<string> AccountMetrics =
    [
        "accounts_engaged", "comments", "engaged_audience_demographics", "follows_and_unfollows", "follower_count", "follower_demographics",
        "likes", "online_followers", "profile_links_taps", "profile_views", "reach", "replies", "saves", "shares", "total_interactions", "views",
    ];

    // https://developers.facebook.com/documentation/instagram-platform/reference/instagram-media/insights (feed and reels metrics).
    private static readonly HashSet<string> MediaMetrics =
        ["comments", "follows", "likes", "profile_activity", "profile_visits", "reach", "replies", "saved", "shares", "total_interactions", "views",
         "ig_reels_avg_watch_time", "ig_reels_video_view_total_time", "reposts", "total_comments", "total_likes", "total_views"];

    // IG Media fields, https://developers.facebook.com/documentation/instagram-platform/reference/instagram-media (and the
    // field list of facebook-nodejs-business-sdk 26.0.0 src/objects/ig-media.js).
    private static readonly HashSet<string> MediaFields =
        ["id", "caption", "comments_count", "like_count", "media_product_type", "media_type", "media_url", "permalink", "shortcode",
         "thumbnail_url", "timestamp", "username", "insights"];

    // Removed: impressions (account and media, v22.0 / 2025-04-21), the v21.0 profile clicks (2025-01-08), the media plays
    // (v22.0) and video_views; see https://developers.facebook.com/docs/graph-api/changelog/version22.0 and version21.0.
    private static readonly string[] Removed =
        ["impressions", "plays", "clips_replays_count", "ig_reels_aggregated_all_plays_count", "video_views", "email_contacts",
         "get_directions_clicks", "phone_call_clicks", "text_message_clicks", "website_clicks"];

    [Fact]
    public async Task Every_instagram_request_of_a_social_sync_is_a_documented_one_and_asks_for_no_removed_metric()
    {
        var admin = await ApiUser.RegisterAsync(app, "instagramcontract");
        await admin.ConnectSandboxAsync("social", historyDays: 10);
        await admin.WaitForIdleAsync();
        var prefix = $"/sandbox/social/{ApiVersions.MetaGraph.Version}/";
        var exchanges = app.Traffic.Of("social").Where(e => e.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();

        List<string> problems = [];
        var insights = 0;
        var media = 0;
        foreach (var exchange in exchanges)
        {
            var path = exchange.Path[prefix.Length..];
            var query = QueryHelpers.ParseQuery(exchange.Query);
            var asked = Uri.UnescapeDataString(exchange.Query);
            problems.AddRange(Removed.Where(m => Regex.IsMatch(asked, $@"[=,(]{m}[,)&]|[=,(]{m}$")).Select(m => $"{path}: asks for removed {m}"));
            if (!path.StartsWith("1784", StringComparison.Ordinal)) continue;
            if (path.EndsWith("/insights", StringComparison.Ordinal))
            {
                insights++;
                var metrics = query.GetValueOrDefault("metric").ToString().Split(',');
                problems.AddRange(metrics.Where(m => !AccountMetrics.Contains(m)).Select(m => $"{path}: {m} is not an account metric"));
                if (query.GetValueOrDefault("period") != "day") problems.Add($"{path}: period {query.GetValueOrDefault("period")}, not day");
                if (query.GetValueOrDefault("metric_type") != "total_value") problems.Add($"{path}: {string.Join(",", metrics)} need metric_type=total_value");
                if (!long.TryParse(query.GetValueOrDefault("since"), out var since) || !long.TryParse(query.GetValueOrDefault("until"), out var until) || until - since != 86_400)
                    problems.Add($"{path}: since–until is not one day");
            }
            else if (path.EndsWith("/media", StringComparison.Ordinal))
            {
                media++;
                var fields = query.GetValueOrDefault("fields").ToString();
                var metrics = MetricList().Match(fields).Groups[1].Value.Split(',');
                problems.AddRange(MetricList().Replace(fields, "").Split(',', StringSplitOptions.RemoveEmptyEntries).Where(f => !MediaFields.Contains(f))
                    .Select(f => $"{path}: {f} is not an IG Media field"));
                problems.AddRange(metrics.Where(m => !MediaMetrics.Contains(m)).Select(m => $"{path}: {m} is not a media metric"));
            }
            else problems.Add($"{exchange.Method} {path}: not an Instagram call this test knows");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct().Take(40)));
        Assert.Contains(exchanges, e => Uri.UnescapeDataString(e.Query).Contains("fields=instagram_business_account{", StringComparison.Ordinal));
        Assert.True(insights > 0 && media > 0, $"{insights} insights and {media} media requests");
    }

    [GeneratedRegex(@"insights\.metric\(([^)]*)\)")]
    private static partial Regex MetricList();
}
