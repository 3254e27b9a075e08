using System.Globalization;
using System.Text.Json;
using WorkPipelines.Domain.Connectors.Graph;

namespace WorkPipelines.Domain.Connectors.Social;

/// <summary>
/// The Instagram account's day: <c>GET {ig-user}/insights?metric=…&amp;period=day&amp;metric_type=total_value&amp;since&amp;until</c>,
/// one day per call (a total_value is the total over since–until, so a day's value needs a day's range), and the
/// followers snapshot (<c>followers_count</c>, read with the account) on today's record. The cursor is the next day to
/// read; a finished pass restarts <see cref="RereadDays"/> before today, because Meta says its numbers may lag 48 hours.
/// </summary>
/// <remarks>
/// A first sync reads <see cref="FirstSyncDays"/> days: a call per day is cheap for a daily sync but 730 calls for two
/// years would spend the Page's rate budget; the dashboard compares a period with the one before only where both have data.
/// </remarks>
internal sealed class InstagramInsightsStream(InstagramAccount account, TimeProvider time) : IConnectorStream
{
    public const int FirstSyncDays = 30;
    public const int RereadDays = 3;

    // Current account metrics (https://developers.facebook.com/docs/instagram-platform/api-reference/instagram-user/insights,
    // checked 2026-12): impressions is gone since v22.0 and on every version since 2025-04-21, replaced by views, which is
    // total_value only (https://developers.facebook.com/docs/graph-api/changelog/version22.0); profile_views went as a time
    // series in v21.0 and on every version on 2025-01-08 (https://developers.facebook.com/docs/graph-api/changelog/version21.0/)
    // and answers only with metric_type=total_value; reach, accounts_engaged and total_interactions answer total_value too.
    // follower_count is left out: it is missing for accounts under 100 followers (same page, "Limitations"); followers_count
    // on the account is the number people see.
    public static readonly IReadOnlyDictionary<string, string> Metrics = new Dictionary<string, string>
    {
        ["reach"] = "instagram.reach",
        ["views"] = "instagram.views",
        ["profile_views"] = "instagram.profile_views",
        ["accounts_engaged"] = "instagram.accounts_engaged",
        ["total_interactions"] = "instagram.interactions",
    };

    internal sealed record Cursor(DateOnly From);

    internal sealed record InsightsPage(List<Insight> Data);

    internal sealed record Insight(string Name, string? Period, TotalValue? TotalValue);

    internal sealed record TotalValue(JsonElement Value);

    public string Name => "instagram_insights";

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async Task<StreamPage> ReadPageAsync(ConnectorSession session, string? cursor, CancellationToken cancellationToken)
    {
        var today = Today;
        var first = today.AddDays(1 - FirstSyncDays);
        var day = cursor is null ? first : JsonSerializer.Deserialize<Cursor>(cursor)!.From;
        if (day < first) day = first;

        if (await account.FindAsync(session, cancellationToken) is not { } user) return new StreamPage([], cursor, Done: true);
        var query = $"{Uri.EscapeDataString(user.Id)}/insights?metric={string.Join(",", Metrics.Keys)}&period=day&metric_type=total_value" +
                    $"&since={Unix(day)}&until={Unix(day.AddDays(1))}";
        var page = await account.ReadAsync(session, query, (g, token, q) => g.GetAsync<InsightsPage>(session, token, q, cancellationToken));
        if (page is null) return new StreamPage([], cursor, Done: true);
        var records = new List<ConnectorRecord>();
        if (ToRecord(day, page.Data) is { } record) records.Add(record);
        if (day < today) return new StreamPage(records, JsonSerializer.Serialize(new Cursor(day.AddDays(1))), Done: false);

        // The snapshot is today's count: once per pass, with the pass's last day.
        if (user.FollowersCount is { } followers)
            records.Add(new ConnectorRecord($"followers:{Day(today)}", today, "", new Dictionary<string, double> { ["instagram.followers"] = followers }));
        return new StreamPage(records, JsonSerializer.Serialize(new Cursor(today.AddDays(-RereadDays))), Done: true);
    }

    /// <summary>The day's record; null when Meta has nothing for the day (it answers an empty data set rather than zeros).</summary>
    internal static ConnectorRecord? ToRecord(DateOnly day, IEnumerable<Insight> insights)
    {
        var values = new Dictionary<string, double>();
        foreach (var insight in insights)
        {
            if (!Metrics.TryGetValue(insight.Name, out var metric) || insight.TotalValue is null) continue;
            values[metric] = insight.TotalValue.Value.ValueKind == JsonValueKind.Number
                ? insight.TotalValue.Value.GetDouble()
                : throw new ConnectorDataException($"social instagram_insights record day:{Day(day)} has a non-numeric {insight.Name}: {insight.TotalValue.Value}");
        }
        return values.Count == 0 ? null : new ConnectorRecord($"day:{Day(day)}", day, "", values);
    }

    private static long Unix(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
