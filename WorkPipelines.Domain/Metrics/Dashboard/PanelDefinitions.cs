namespace WorkPipelines.Domain.Metrics.Dashboard;

public enum KpiFormat { Number, Money, Percent, Minutes }

/// <summary>One KPI tile: how to compute it from metric sums, and whether up is good.</summary>
/// <param name="Compute">From the period's metric sums (by metric name) to the value; null when it cannot be computed (e.g. divide by zero).</param>
/// <param name="Snapshot">A running total (followers): the value is the metric on the period's last day with data, never a sum.</param>
/// <param name="Median">The median of this metric over the period's raw records (e.g. first reply time), not a sum.</param>
/// <param name="Cumulative">A level built from all history up to the period's end (MRR = Σ new − Σ churned), not the period's sum.</param>
public sealed record KpiDefinition(string Key, string Label, KpiFormat Format, Func<Func<string, double>, double?> Compute, bool HigherIsBetter = true,
    string? Snapshot = null, string? Median = null, bool Cumulative = false)
{
    /// <summary>The metric names the formula reads, found by running it once against a recorder.</summary>
    public IReadOnlyList<string> Metrics { get; } = ReadBy(Compute);

    private static List<string> ReadBy(Func<Func<string, double>, double?> compute)
    {
        var names = new List<string>();
        compute(name => { names.Add(name); return 1; });
        return names.Distinct().ToList();
    }
}

/// <summary>A dashboard panel: which sources feed it, its tiles, its chart series and its breakdown.</summary>
public sealed record PanelDefinition(
    string Key, string Title, IReadOnlyList<string> Sources, IReadOnlyList<KpiDefinition> Kpis,
    IReadOnlyList<(string Metric, string Label)> Series, (string Metric, string Label)? Breakdown, KpiFormat SeriesFormat)
{
    /// <summary>Every metric the tiles sum (once each).</summary>
    public IReadOnlyList<string> KpiMetrics { get; } = Kpis.SelectMany(k => k.Metrics).Distinct().ToArray();

    /// <summary>The chart's metrics, in the order of <see cref="Series"/>.</summary>
    public IReadOnlyList<string> SeriesMetrics { get; } = Series.Select(s => s.Metric).ToArray();

    /// <summary>The metrics needed day by day: the chart's series and running totals (snapshots).</summary>
    public IReadOnlyList<string> DailyMetrics { get; } = Series.Select(s => s.Metric).Concat(Kpis.Select(k => k.Snapshot).OfType<string>()).Distinct().ToArray();
}

/// <summary>The panels of the dashboard and the blended KPIs above them.</summary>
public static class PanelDefinitions
{
    private static double? Ratio(double a, double b) => b == 0 ? null : a / b;

    public static IReadOnlyList<PanelDefinition> All { get; } =
    [
        new("revenue", "Revenue", ["stripe", "shopify"],
        [
            new("gross", "Gross revenue", KpiFormat.Money, m => m("revenue.gross")),
            new("net", "Net revenue", KpiFormat.Money, m => m("revenue.gross") - m("revenue.refunds")),
            new("mrr", "MRR", KpiFormat.Money, m => m("mrr.new") + m("mrr.expansion") - m("mrr.churned"), Cumulative: true),
            new("customers", "New customers", KpiFormat.Number, m => m("customers.new")),
            new("refunds", "Refunds", KpiFormat.Money, m => m("revenue.refunds"), HigherIsBetter: false),
            new("aov", "Average order value", KpiFormat.Money, m => Ratio(m("revenue.gross"), m("orders.count"))),
        ], [("revenue.gross", "Gross revenue"), ("revenue.refunds", "Refunds")], ("sales.product", "Top products"), KpiFormat.Money),
        new("traffic", "Traffic", ["ga4"],
        [
            new("sessions", "Sessions", KpiFormat.Number, m => m("traffic.sessions")),
            new("users", "Users", KpiFormat.Number, m => m("traffic.users")),
            new("pageviews", "Page views", KpiFormat.Number, m => m("traffic.pageviews")),
            new("engagement", "Engagement rate", KpiFormat.Percent, m => Ratio(m("traffic.engaged_sessions"), m("traffic.sessions"))),
        ], [("traffic.sessions", "Sessions"), ("traffic.users", "Users")], ("traffic.sessions", "Top channels"), KpiFormat.Number),
        new("ads", "Ads", ["meta"],
        [
            new("spend", "Spend", KpiFormat.Money, m => m("ads.spend"), HigherIsBetter: false),
            new("impressions", "Impressions", KpiFormat.Number, m => m("ads.impressions")),
            new("clicks", "Clicks", KpiFormat.Number, m => m("ads.clicks")),
            new("ctr", "CTR", KpiFormat.Percent, m => Ratio(m("ads.clicks"), m("ads.impressions"))),
            new("cpc", "CPC", KpiFormat.Money, m => Ratio(m("ads.spend"), m("ads.clicks")), HigherIsBetter: false),
            new("conversions", "Conversions", KpiFormat.Number, m => m("ads.conversions")),
            new("roas", "ROAS", KpiFormat.Number, m => Ratio(m("ads.purchase_value"), m("ads.spend"))),
        ], [("ads.spend", "Spend"), ("ads.purchase_value", "Purchase value")], ("ads.spend", "Spend by campaign"), KpiFormat.Money),
        new("social", "Facebook", ["social"],
        [
            new("followers", "Followers", KpiFormat.Number, m => m("social.followers"), Snapshot: "social.followers"),
            new("reach", "Reach", KpiFormat.Number, m => m("social.reach")),
            new("engagements", "Engagements", KpiFormat.Number, m => m("social.engagements")),
            new("engagement_rate", "Engagement rate", KpiFormat.Percent, m => Ratio(m("social.engagements"), m("social.reach"))),
            new("posts", "Posts", KpiFormat.Number, m => m("social.posts")),
        ], [("social.reach", "Reach"), ("social.engagements", "Engagements")], ("posts.engagements", "Top posts"), KpiFormat.Number),
        // The same connection's Instagram account, in numbers of its own: Instagram's reach and interactions are not the Page's,
        // and adding them would count people who saw both twice.
        new("instagram", "Instagram", ["social"],
        [
            new("followers", "Followers", KpiFormat.Number, m => m("instagram.followers"), Snapshot: "instagram.followers"),
            new("reach", "Reach", KpiFormat.Number, m => m("instagram.reach")),
            new("views", "Views", KpiFormat.Number, m => m("instagram.views")),
            new("profile_views", "Profile views", KpiFormat.Number, m => m("instagram.profile_views")),
            new("engaged", "Accounts engaged", KpiFormat.Number, m => m("instagram.accounts_engaged")),
            new("posts", "Posts", KpiFormat.Number, m => m("instagram.posts")),
        ], [("instagram.reach", "Reach"), ("instagram.profile_views", "Profile views")], ("instagram.media_interactions", "Top posts"), KpiFormat.Number),
        new("email", "Email", ["mailchimp"],
        [
            new("campaigns", "Campaigns sent", KpiFormat.Number, m => m("email.campaigns_sent")),
            new("open_rate", "Open rate", KpiFormat.Percent, m => Ratio(m("email.opens"), m("email.sends"))),
            new("click_rate", "Click rate", KpiFormat.Percent, m => Ratio(m("email.clicks"), m("email.sends"))),
            new("unsubscribes", "Unsubscribes", KpiFormat.Number, m => m("email.unsubscribes"), HigherIsBetter: false),
        ], [("email.opens", "Opens"), ("email.clicks", "Clicks")], ("email.opens", "Opens by campaign"), KpiFormat.Number),
        new("support", "Support", ["zendesk"],
        [
            new("opened", "Tickets opened", KpiFormat.Number, m => m("support.tickets_created"), HigherIsBetter: false),
            new("solved", "Tickets solved", KpiFormat.Number, m => m("support.tickets_solved")),
            new("backlog", "Backlog change", KpiFormat.Number, m => m("support.tickets_created") - m("support.tickets_solved"), HigherIsBetter: false),
            new("first_reply", "Median first reply", KpiFormat.Minutes, m => Ratio(m("support.first_reply_minutes"), m("support.first_reply_count")), HigherIsBetter: false,
                Median: "support.first_reply_minutes"),
            new("csat", "Satisfaction", KpiFormat.Percent, m => Ratio(m("support.satisfaction_good"), m("support.satisfaction_good") + m("support.satisfaction_bad"))),
        ], [("support.tickets_created", "Opened"), ("support.tickets_solved", "Solved")], null, KpiFormat.Number),
    ];

    /// <summary>The strip above the panels: numbers that need several sources.</summary>
    public static IReadOnlyList<KpiDefinition> Blended { get; } =
    [
        new("revenue", "Revenue", KpiFormat.Money, m => m("revenue.gross") - m("revenue.refunds")),
        new("ad_spend", "Ad spend", KpiFormat.Money, m => m("ads.spend"), HigherIsBetter: false),
        new("mer", "MER", KpiFormat.Number, m => Ratio(m("revenue.gross") - m("revenue.refunds"), m("ads.spend"))),
        new("customers", "New customers", KpiFormat.Number, m => m("customers.new")),
        new("cac", "CAC", KpiFormat.Money, m => Ratio(m("ads.spend"), m("customers.new")), HigherIsBetter: false),
    ];

    /// <summary>Metrics that are amounts in their source's currency (not counts): never added or compared across currencies.</summary>
    public static IReadOnlySet<string> MoneyMetrics { get; } = new HashSet<string>
    {
        "revenue.gross", "revenue.refunds", "mrr.new", "mrr.expansion", "mrr.churned", "sales.product", "ads.spend", "ads.purchase_value",
    };

    /// <summary>The sources of the panels that read <paramref name="metric"/> (revenue.gross: stripe and shopify).</summary>
    public static IEnumerable<string> SourcesOf(string metric) =>
        All.Where(p => p.KpiMetrics.Contains(metric) || p.SeriesMetrics.Contains(metric)).SelectMany(p => p.Sources).Distinct();

    public static PanelDefinition? Find(string key) => All.FirstOrDefault(p => p.Key == key);
}
