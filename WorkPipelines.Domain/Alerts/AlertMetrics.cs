using WorkPipelines.Domain.Metrics.Dashboard;

namespace WorkPipelines.Domain.Alerts;

/// <summary>A dashboard metric a rule can watch: its key, its words, and where its numbers come from.</summary>
public sealed record AlertMetric(string Key, string Label, KpiDefinition Kpi, IReadOnlyList<string> Sources);

/// <summary>
/// Every dashboard tile as an alert metric: "panel.kpi" for a panel's tiles (<c>support.first_reply</c>) and
/// "blended.kpi" for the strip above them (<c>blended.cac</c>). A day's value is the tile's formula over that
/// day's totals, so a ratio (CAC, open rate) is a ratio of the day's sums; the median first reply is watched as
/// the day's mean (a median needs the raw records, which a daily rule does not read).
/// </summary>
public static class AlertMetrics
{
    public static IReadOnlyList<AlertMetric> All { get; } =
    [
        .. PanelDefinitions.All.SelectMany(p => p.Kpis.Select(k => new AlertMetric($"{p.Key}.{k.Key}", $"{p.Title}: {k.Label}", k, p.Sources))),
        .. PanelDefinitions.Blended.Select(k => new AlertMetric($"blended.{k.Key}", k.Label, k,
            [.. k.Metrics.SelectMany(PanelDefinitions.SourcesOf).Distinct()])),
    ];

    public static AlertMetric? Find(string key) => All.FirstOrDefault(m => m.Key == key);

    public static string KnownKeys => string.Join(", ", All.Select(m => m.Key));
}
