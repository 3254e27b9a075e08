using System.Globalization;
using System.Text.Json;
using WorkPipelines.Domain.Connectors.Graph;

namespace WorkPipelines.Domain.Connectors.Social;

/// <summary>
/// <c>GET {ig-user}/media</c> (feed posts and reels, newest first, cursor paging with <c>after</c>) with each media's
/// lifetime insights expanded in the same call. The cursor holds the pass's lower bound, the page cursor and the newest
/// media seen; the list has no date filter of its own, so a pass stops at the first media older than its lower bound,
/// which lies <see cref="RereadDays"/> before the previous pass's newest media (a post keeps gaining reach for a while).
/// </summary>
/// <remarks>
/// Sources (checked 2026-12): media fields <c>id, caption, media_type, media_product_type, timestamp, permalink</c> are in
/// facebook-nodejs-business-sdk 26.0.0 <c>src/objects/ig-media.js</c>; the metrics are the current ones of
/// https://developers.facebook.com/documentation/instagram-platform/reference/instagram-media/insights (impressions, plays,
/// clips_replays_count and ig_reels_aggregated_all_plays_count went on 2025-04-21, video_views before; views replaces them;
/// "Data used to calculate metrics can be delayed up to 48 hours"; "Metrics data is stored for up to 2 years";
/// an empty data set, not 0, when a metric has no data). Stories are not in this edge (they live 24 hours, at /stories).
/// </remarks>
internal sealed class InstagramMediaStream(InstagramAccount account) : IConnectorStream
{
    public const int PageSize = 50;
    public const int RereadDays = 7;

    public static readonly IReadOnlyDictionary<string, string> Metrics = new Dictionary<string, string>
    {
        ["reach"] = "instagram.media_reach",
        ["views"] = "instagram.media_views",
        ["likes"] = "instagram.likes",
        ["comments"] = "instagram.comments",
        ["saved"] = "instagram.saved",
        ["shares"] = "instagram.shares",
        ["total_interactions"] = "instagram.media_interactions",
    };

    public static readonly string Fields = $"id,caption,media_type,media_product_type,timestamp,permalink,insights.metric({string.Join(",", Metrics.Keys)})";

    internal sealed record Cursor(long? Since, string? After, long? Newest);

    internal sealed record MediaPage(List<Media> Data, GraphPaging? Paging);

    internal sealed record Media(string Id, string? Caption, string? MediaType, string? MediaProductType, string? Timestamp, MediaInsights? Insights);

    internal sealed record MediaInsights(List<SocialPageInsightsStream.Insight> Data);

    public string Name => "instagram_media";

    public async Task<StreamPage> ReadPageAsync(ConnectorSession session, string? cursor, CancellationToken cancellationToken)
    {
        var position = cursor is null ? new Cursor(null, null, null) : JsonSerializer.Deserialize<Cursor>(cursor)!;
        if (await account.FindAsync(session, cancellationToken) is not { } user) return new StreamPage([], cursor, Done: true);
        var query = $"{Uri.EscapeDataString(user.Id)}/media?fields={Uri.EscapeDataString(Fields)}&limit={PageSize}" +
                    (position.After is null ? "" : $"&after={Uri.EscapeDataString(position.After)}");
        var page = await account.ReadAsync(session, query, (g, token, q) => g.GetAsync<MediaPage>(session, token, q, cancellationToken));
        if (page is null) return new StreamPage([], cursor, Done: true);

        var records = new List<ConnectorRecord>(page.Data.Count);
        var newest = position.Newest;
        var older = false;
        foreach (var media in page.Data)
        {
            var seconds = Created(media).ToUnixTimeSeconds();
            if (seconds < position.Since) { older = true; break; }
            records.Add(ToRecord(media));
            newest = newest is null || seconds > newest ? seconds : newest;
        }

        if (!older && page.Paging?.Next is not null && page.Paging.Cursors?.After is { } after)
            return new StreamPage(records, JsonSerializer.Serialize(position with { After = after, Newest = newest }), Done: false);
        var restart = (newest ?? position.Since) is { } from ? from - RereadDays * 86_400L : (long?)null;
        return new StreamPage(records, JsonSerializer.Serialize(new Cursor(restart, null, null)), Done: true);
    }

    internal static ConnectorRecord ToRecord(Media media)
    {
        var values = new Dictionary<string, double> { ["instagram.posts"] = 1 };
        foreach (var insight in media.Insights?.Data ?? [])
        {
            if (!Metrics.TryGetValue(insight.Name, out var metric)) continue;
            var value = insight.Values?.FirstOrDefault()?.Value;
            values[metric] = value switch
            {
                null => 0,
                { ValueKind: JsonValueKind.Number } number => number.GetDouble(),
                var other => throw new ConnectorDataException($"social instagram_media record {media.Id} has a non-numeric {insight.Name}: {other}"),
            };
        }
        return new ConnectorRecord(media.Id, DateOnly.FromDateTime(Created(media).UtcDateTime), SocialPostsStream.Dimension(media.Caption), values);
    }

    // IG timestamps are ISO 8601 in UTC with a +0000 offset, e.g. 2019-04-05T07:56:32+0000
    // (https://developers.facebook.com/docs/instagram-platform/insights, "Timestamps in API responses use UTC with zero offset").
    private static DateTimeOffset Created(Media media) =>
        DateTimeOffset.TryParse(media.Timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
            ? created
            : throw new ConnectorDataException($"social instagram_media record {media.Id} has an unreadable timestamp '{media.Timestamp}'");
}
