using System.Globalization;
using System.Text.Json;
using WorkPipelines.Domain.Connectors.Graph;

namespace WorkPipelines.Domain.Connectors.Social;

/// <summary>
/// <c>GET {page}/published_posts</c> with each post's lifetime insights, newest first, paged with
/// <c>after</c>. The cursor holds the pass's lower bound (<c>since</c>), the page cursor and the
/// newest post seen; the next pass starts <see cref="RereadDays"/> before that post, because a
/// post's reach and engagement keep growing for about a week after it is published.
/// </summary>
internal sealed class SocialPostsStream(GraphApi graph) : IConnectorStream
{
    public const int PageSize = 50;
    public const int RereadDays = 7;
    public const int DimensionLength = 60;

    // post_impressions_unique is gone (alternative: post_total_media_view_unique, per Meta's deprecated-metrics page,
    // https://developers.facebook.com/docs/platforminsights/page/deprecated-metrics) and post_engaged_users went with
    // the 2024 classic-Pages metrics without a named successor; engagement is now the post's reactions (all types)
    // plus its clicks: neither is on Meta's deprecated lists (page above, 2026-03-02) and both are what integrators
    // report still answering after the June 2026 removals.
    public const string ReachMetric = "post_total_media_view_unique";
    public const string ReactionsMetric = "post_reactions_by_type_total";
    public const string ClicksMetric = "post_clicks";
    private const string Fields = $"id,message,created_time,insights.metric({ReachMetric},{ReactionsMetric},{ClicksMetric})";

    internal sealed record Cursor(long? Since, string? After, long? Newest);

    internal sealed record PostsPage(List<Post> Data, GraphPaging? Paging);

    internal sealed record Post(string Id, string? Message, string? CreatedTime, PostInsights? Insights);

    internal sealed record PostInsights(List<SocialPageInsightsStream.Insight> Data);

    public string Name => "posts";

    public async Task<StreamPage> ReadPageAsync(ConnectorSession session, string? cursor, CancellationToken cancellationToken)
    {
        var position = cursor is null ? new Cursor(null, null, null) : JsonSerializer.Deserialize<Cursor>(cursor)!;
        var query = $"{Uri.EscapeDataString(session.Credential("pageId"))}/published_posts?fields={Uri.EscapeDataString(Fields)}&limit={PageSize}" +
                    (position.Since is { } since ? $"&since={since}" : "") +
                    (position.After is null ? "" : $"&after={Uri.EscapeDataString(position.After)}");
        var page = await graph.GetAsync<PostsPage>(session, session.Credential("accessToken"), query, cancellationToken);

        var records = new List<ConnectorRecord>(page.Data.Count);
        var newest = position.Newest;
        foreach (var post in page.Data)
        {
            var record = ToRecord(post);
            records.Add(record);
            var seconds = Created(post).ToUnixTimeSeconds();
            newest = newest is null || seconds > newest ? seconds : newest;
        }

        if (page.Paging?.Next is not null && page.Paging.Cursors?.After is { } after)
            return new StreamPage(records, JsonSerializer.Serialize(position with { After = after, Newest = newest }), Done: false);
        var restart = (newest ?? position.Since) is { } from ? from - RereadDays * 86_400L : (long?)null;
        return new StreamPage(records, JsonSerializer.Serialize(new Cursor(restart, null, null)), Done: true);
    }

    internal static ConnectorRecord ToRecord(Post post)
    {
        var insights = post.Insights?.Data ?? [];
        return new ConnectorRecord(post.Id, DateOnly.FromDateTime(Created(post).UtcDateTime), Dimension(post.Message), new Dictionary<string, double>
        {
            ["social.posts"] = 1,
            ["posts.reach"] = Lifetime(post, insights, ReachMetric),
            ["posts.engagements"] = Lifetime(post, insights, ReactionsMetric) + Lifetime(post, insights, ClicksMetric),
        });
    }

    internal static string Dimension(string? message)
    {
        var text = string.Join(' ', (message ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0) return "(no text)";
        if (text.Length <= DimensionLength) return text;
        // Cut at the last whole word that fits beside the ellipsis (never an emoji in half), and say it was cut.
        var room = DimensionLength - 1;
        var cut = text.LastIndexOf(' ', room);
        if (cut < room / 2) cut = char.IsHighSurrogate(text[room - 1]) ? room - 1 : room;
        return text[..cut].TrimEnd() + "…";
    }

    private static DateTimeOffset Created(Post post) =>
        DateTimeOffset.TryParse(post.CreatedTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
            ? created
            : throw new ConnectorDataException($"social posts record {post.Id} has an unreadable created_time '{post.CreatedTime}'");

    private static double Lifetime(Post post, List<SocialPageInsightsStream.Insight> insights, string name)
    {
        var value = insights.FirstOrDefault(i => i.Name == name)?.Values?.FirstOrDefault()?.Value;
        return value switch
        {
            null => 0,
            { ValueKind: JsonValueKind.Number } number => number.GetDouble(),
            // A "by type" metric is an object of counts, e.g. {"like":12,"love":3}.
            { ValueKind: JsonValueKind.Object } byType when byType.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.Number) =>
                byType.EnumerateObject().Sum(p => p.Value.GetDouble()),
            var other => throw new ConnectorDataException($"social posts record {post.Id} has a non-numeric {name}: {other}"),
        };
    }
}
