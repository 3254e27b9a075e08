using System.Globalization;
using System.Text.Json;
using WorkPipelines.Domain.Connectors.Graph;

namespace WorkPipelines.Domain.Connectors.Social;

/// <summary>
/// <c>GET {page}/insights?metric=…&amp;period=day&amp;since&amp;until</c>: one record per day with the
/// page's reach, engagements and followers. Graph serves at most 93 days per call and its
/// <c>paging.next</c> walks on past today, so the stream walks its own windows: the cursor is the
/// next window's first day and the pass's last day. A finished pass restarts
/// <see cref="RereadDays"/> before its last day (a day's engagement keeps counting for a while).
/// </summary>
/// <remarks>
/// <c>page_follows</c> is a running total, emitted as <c>social.followers</c> on one record per day:
/// its daily value is the snapshot. Summing it over a period is meaningless; read the last day.
/// </remarks>
internal sealed class SocialPageInsightsStream(GraphApi graph, TimeProvider time) : IConnectorStream
{
    public const int WindowDays = 90;
    public const int RereadDays = 3;

    /// <summary>Graph keeps page insights for two years.</summary>
    public static DateOnly FirstDay(DateOnly today) => today.AddDays(-729);

    // Meta removed page_impressions_unique (alternative: page_total_media_view_unique) and page_fans (alternative:
    // page_follows) on all versions; asking for either fails the whole call with "(#100) ... valid insights metric".
    // Source: https://developers.facebook.com/docs/platforminsights/page/deprecated-metrics (updated 2026-03-02)
    // and the Pages API changelog entry of 2025-11-15, https://developers.facebook.com/docs/pages-api/changelog/
    public static readonly IReadOnlyDictionary<string, string> Metrics = new Dictionary<string, string>
    {
        ["page_total_media_view_unique"] = "social.reach",
        ["page_post_engagements"] = "social.engagements",
        ["page_follows"] = "social.followers",
    };

    internal sealed record Cursor(DateOnly From, DateOnly? To);

    // No paging: insights page by time (previous/next ranges, no cursors), and the stream walks its own windows.
    internal sealed record InsightsPage(List<Insight> Data);

    internal sealed record Insight(string Name, string? Period, List<InsightValue>? Values);

    internal sealed record InsightValue(JsonElement Value, string? EndTime);

    public string Name => "page_insights";

    public async Task<StreamPage> ReadPageAsync(ConnectorSession session, string? cursor, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var position = cursor is null ? new Cursor(FirstDay(today), today) : JsonSerializer.Deserialize<Cursor>(cursor)!;
        var to = position.To ?? today;
        var from = position.From < FirstDay(today) ? FirstDay(today) : position.From;
        var windowEnd = from.AddDays(WindowDays - 1) < to ? from.AddDays(WindowDays - 1) : to;

        // until is exclusive: values whose day ends by then.
        var query = $"{Uri.EscapeDataString(session.Credential("pageId"))}/insights?metric={string.Join(",", Metrics.Keys)}&period=day" +
                    $"&since={Day(from)}&until={Day(windowEnd.AddDays(1))}";
        var page = await graph.GetAsync<InsightsPage>(session, session.Credential("accessToken"), query, cancellationToken);
        var records = ToRecords(page.Data);

        var next = windowEnd < to ? new Cursor(windowEnd.AddDays(1), to) : new Cursor(to.AddDays(-RereadDays), null);
        return new StreamPage(records, JsonSerializer.Serialize(next), Done: windowEnd >= to);
    }

    internal static List<ConnectorRecord> ToRecords(IEnumerable<Insight> insights)
    {
        var days = new SortedDictionary<DateOnly, Dictionary<string, double>>();
        foreach (var insight in insights)
        {
            if (!Metrics.TryGetValue(insight.Name, out var metric)) continue;
            foreach (var value in insight.Values ?? [])
            {
                // A daily value's end_time is the end of its day (midnight Pacific, e.g. 2024-05-02T07:00:00+0000 for May 1st).
                if (!DateTimeOffset.TryParse(value.EndTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end))
                    throw new ConnectorDataException($"social page_insights record {insight.Name}@{value.EndTime} has an unreadable end_time");
                var day = DateOnly.FromDateTime(end.UtcDateTime.AddDays(-1));
                if (value.Value.ValueKind != JsonValueKind.Number)
                    throw new ConnectorDataException($"social page_insights record page:{Day(day)} has a non-numeric {insight.Name}: {value.Value}");
                (days.TryGetValue(day, out var values) ? values : days[day] = [])[metric] = value.Value.GetDouble();
            }
        }
        return days.Select(d => new ConnectorRecord($"page:{Day(d.Key)}", d.Key, "", d.Value)).ToList();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
