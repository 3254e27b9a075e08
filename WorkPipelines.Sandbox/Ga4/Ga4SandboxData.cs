using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox.Ga4;

/// <summary>
/// A GA4 property's daily traffic for a sandbox account: sessions per default channel group, and
/// the day's page views spread over the site's pages (the pages add up to the channels' views).
/// </summary>
internal static class Ga4SandboxData
{
    /// <summary>One (date, sessionDefaultChannelGroup) row; metric values by GA4 API name.</summary>
    public sealed record ChannelRow(DateOnly Day, string Channel, long Sessions, long TotalUsers, long ScreenPageViews, long EngagedSessions, long UserEngagementDuration);

    /// <summary>One (date, pagePath) row.</summary>
    public sealed record PageRow(DateOnly Day, string Path, long ScreenPageViews);

    private static readonly (string Name, double Typical)[] ChannelMix =
    [
        ("Organic Search", 120), ("Direct", 70), ("Paid Search", 35), ("Organic Social", 25),
        ("Referral", 15), ("Email", 12), ("Paid Social", 10), ("Unassigned", 2),
    ];

    private static readonly string[] Paths =
    [
        "/", "/pricing", "/features", "/blog", "/about", "/contact", "/signup", "/login", "/docs", "/docs/getting-started",
        "/docs/api", "/docs/integrations", "/customers", "/careers", "/changelog", "/security", "/privacy", "/terms",
        "/blog/launch-week", "/blog/how-we-price", "/blog/weekly-reporting", "/blog/dashboards-that-work", "/blog/remote-teams",
        "/blog/customer-stories", "/blog/year-in-review", "/products/analytics", "/products/reports", "/products/alerts",
        "/products/pipelines", "/products/connectors", "/integrations/stripe", "/integrations/shopify", "/integrations/zendesk",
        "/compare/spreadsheets", "/webinars", "/partners", "/status", "/help", "/help/billing", "/help/accounts",
    ];

    /// <summary>The day's channel rows, ordered by channel name as the API orders them when asked to.</summary>
    public static IReadOnlyList<ChannelRow> Channels(SandboxAccount account, DateOnly day)
    {
        var rows = new List<ChannelRow>(ChannelMix.Length);
        foreach (var (channel, typical) in ChannelMix)
        {
            var sessions = SandboxData.Volume(account, "ga4:" + channel, day, typical);
            if (sessions == 0) continue; // GA4 leaves out rows whose metrics are all zero
            var random = SandboxData.For(account, "ga4:" + channel, day);
            var users = Math.Max(1, (long)Math.Round(sessions * (0.7 + 0.25 * random.NextDouble())));
            var views = (long)Math.Round(sessions * (1.5 + 1.8 * random.NextDouble()));
            var engaged = (long)Math.Round(sessions * (0.45 + 0.3 * random.NextDouble()));
            var seconds = (long)Math.Round(engaged * (35 + 90 * random.NextDouble()));
            rows.Add(new ChannelRow(day, channel, sessions, users, views, engaged, seconds));
        }
        return rows.OrderBy(r => r.Channel, StringComparer.Ordinal).ToList();
    }

    /// <summary>The day's page rows: the channels' page views over the pages by a noisy power law (largest remainders), zero rows left out.</summary>
    public static IReadOnlyList<PageRow> Pages(SandboxAccount account, DateOnly day)
    {
        var total = Channels(account, day).Sum(c => c.ScreenPageViews);
        var random = SandboxData.For(account, "ga4:pages", day);
        var weights = Paths.Select((_, i) => Math.Pow(i + 1, -1.1) * (0.6 + 0.8 * random.NextDouble())).ToArray();
        var sum = weights.Sum();
        var exact = weights.Select(w => total * w / sum).ToArray();
        var views = exact.Select(e => (long)Math.Floor(e)).ToArray();
        var left = total - views.Sum();
        foreach (var i in Enumerable.Range(0, Paths.Length).OrderByDescending(i => exact[i] - views[i]).ThenBy(i => i).Take((int)left)) views[i]++;
        return Enumerable.Range(0, Paths.Length).Where(i => views[i] > 0)
            .Select(i => new PageRow(day, Paths[i], views[i]))
            .OrderBy(r => r.Path, StringComparer.Ordinal).ToList();
    }
}
