using WorkPipelines.Domain.Metrics.Dashboard;

namespace WorkPipelines.Domain.Metrics;

/// <summary>
/// One dashboard number that goals (and later alerts) can be set on: a blended KPI ("revenue", "cac") or a panel's KPI
/// ("traffic.sessions", "support.first_reply"), computed exactly as its tile computes it.
/// </summary>
/// <param name="Additive">The value over a range is the sum of its days (sessions, revenue), so a month's value grows as it goes
/// and "share of the target reached" can be set against "share of the month gone"; rates, medians and levels cannot.</param>
public sealed record MetricEntry(string Key, string Label, string Group, KpiDefinition Kpi, IReadOnlyList<string> Sources, bool Additive)
{
    public KpiFormat Format => Kpi.Format;
}

/// <summary>The metrics a goal or a rule may name: the dashboard's tiles, keyed as the dashboard keys them.</summary>
public static class MetricCatalogue
{
    public static IReadOnlyList<MetricEntry> All { get; } =
    [
        .. PanelDefinitions.Blended.Select(k => new MetricEntry(k.Key, k.Label, "Combined", k,
            k.Metrics.SelectMany(PanelDefinitions.SourcesOf).Distinct().ToArray(), IsAdditive(k))),
        .. PanelDefinitions.All.SelectMany(p => p.Kpis.Select(k => new MetricEntry($"{p.Key}.{k.Key}", k.Label, p.Title, k, p.Sources, IsAdditive(k)))),
    ];

    /// <summary>Every key, for problem details ("valid: revenue, ad_spend, …").</summary>
    public static string Keys => string.Join(", ", All.Select(m => m.Key));

    public static MetricEntry? Find(string? key) =>
        All.FirstOrDefault(m => string.Equals(m.Key, key?.Trim(), StringComparison.OrdinalIgnoreCase));

    // A sum of days scales with its inputs: twice every metric gives twice the value. A ratio (CAC, CTR) gives the same value,
    // so it fails the test; running totals, medians and levels are not sums of days whatever their formula.
    private static bool IsAdditive(KpiDefinition kpi)
    {
        if (kpi.Snapshot is not null || kpi.Median is not null || kpi.Cumulative) return false;
        double Input(string metric) => 3 + 7 * kpi.Metrics.ToList().IndexOf(metric);
        var once = kpi.Compute(Input);
        var twice = kpi.Compute(m => 2 * Input(m));
        return once is { } a && twice is { } b && a != 0 && Math.Abs(b - 2 * a) < 1e-9 * Math.Abs(a);
    }
}
