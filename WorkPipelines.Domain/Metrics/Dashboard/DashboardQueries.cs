using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Metrics.Dashboard;

/// <summary>Reads daily metrics into panels for the current workspace. Each call is one short read; panels never share a context.</summary>
public class DashboardQueries(WorkDbContext db, CurrentWorkspace workspace)
{
    /// <summary>The workspace's currency (ISO code): money is shown in it unless its sources keep it in another.</summary>
    public async Task<string> WorkspaceCurrencyAsync(CancellationToken cancellationToken = default) =>
        await db.Workspaces.Where(w => w.Id == workspace.WorkspaceId).Select(w => w.Currency).FirstOrDefaultAsync(cancellationToken) ?? "USD";

    /// <summary>
    /// What the dashboard's figures depend on besides the period: each connection's state and when it last finished a sync
    /// (success or failure, <see cref="Connection.LastSyncAt"/>). Daily metrics and raw records change only in a sync, which sets
    /// it when it ends; connecting, pausing and disconnecting change the rows too. One small read of the workspace's connections.
    /// </summary>
    public async Task<DataStamps> DataStampsAsync(CancellationToken cancellationToken = default) =>
        new(await db.Connections.AsNoTracking()
            .Select(c => new DataStamp(c.Id, c.Provider, c.Status, c.Paused, c.LastSyncAt, c.LastSuccessAt))
            .ToListAsync(cancellationToken));

    /// <summary>
    /// The workspace's connections as the caller read them once for every panel of a view (the aggregator, which keys its cache by
    /// them); without them (a single panel) the panel reads them itself.
    /// </summary>
    public DataStamps? Known { get; set; }

    /// <summary>Virtual so tests can stand in a source that fails or hangs.</summary>
    public virtual async Task<PanelData> PanelAsync(PanelDefinition panel, Period period, CancellationToken cancellationToken = default)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try { return await ReadPanelAsync(panel, period, cancellationToken); }
        finally { await db.Database.CloseConnectionAsync(); }
    }

    // Every figure of the panel in one command (DailyMetricsCommand): its KPI sums over both ranges, its charted days, the top
    // of its breakdown, levels from all history and medians' histograms.
    private async Task<PanelData> ReadPanelAsync(PanelDefinition panel, Period period, CancellationToken cancellationToken)
    {
        var connections = (Known ?? await DataStampsAsync(cancellationToken)).All.Where(c => panel.Sources.Contains(c.Provider)).ToList();
        if (connections.Count == 0)
            return new PanelData(panel.Key, panel.Title, PanelStatus.NotConnected, panel.Sources, null, null, [], [], [], null, [], panel.SeriesFormat);

        var (current, compared) = Ranges(period);
        // With the comparison right before the period (the usual case) one range of days serves the charts, the snapshots and
        // the comparison's dotted line; a comparison a year back is read apart rather than the year between.
        var adjacent = period.CompareTo.AddDays(1) == period.From;
        var command = new DailyMetricsCommand(workspace.WorkspaceId)
            .Markers("c", panel.Sources)
            .Sums("k", panel.Sources, panel.KpiMetrics, current, compared)
            .Days("d", panel.Sources, panel.DailyMetrics, adjacent ? DateRange.Spanning(current, compared) : current);
        if (!adjacent) command.Days("p", panel.Sources, panel.DailyMetrics, compared);
        if (panel.Breakdown is { } breakdownOf) command.Top("b", panel.Sources, breakdownOf.Metric, current, take: 5);
        var levels = panel.Kpis.Where(k => k.Cumulative).SelectMany(k => k.Metrics).Distinct().ToList();
        if (levels.Count > 0) command.Levels("l", panel.Sources, levels, period.To, period.CompareTo);
        var medians = panel.Kpis.Select(k => k.Median).OfType<string>().Distinct().ToList();
        foreach (var (median, i) in medians.Select((m, i) => (m, i))) command.Histogram($"m{i}", panel.Sources, median, current, compared);
        var parts = await command.ReadAsync(db, cancellationToken);

        var daily = Rows(parts, "d");
        var currentDays = daily.Where(r => current.Contains(r.Date)).ToList();
        var previousDays = (adjacent ? daily : Rows(parts, "p")).Where(r => compared.Contains(r.Date)).ToList();

        var days = Enumerable.Range(0, period.Days).Select(i => period.From.AddDays(i)).ToList();
        var byDay = currentDays.ToDictionary(r => (r.Metric, r.Date), r => r.Value);
        var series = panel.Series.Select(s => new SeriesData(s.Label, days.Select(d => byDay.GetValueOrDefault((s.Metric, d))).ToList())).ToList();
        var breakdown = Top(parts, "b");
        var before = PreviousDays(panel, period, previousDays.Where(r => panel.SeriesMetrics.Contains(r.Metric)).ToList());

        var kpis = Kpis(panel.Kpis, Sums(parts), currentDays, previousDays).ToList();
        foreach (var (kpi, index) in panel.Kpis.Select((k, i) => (k, i)).Where(x => x.k.Median is not null))
        {
            var buckets = parts.GetValueOrDefault($"m{medians.IndexOf(kpi.Median!)}") ?? [];
            kpis[index] = kpis[index] with
            {
                Value = MedianHistograms.Median(buckets.Select(b => (b.Name, b.A))),
                Previous = MedianHistograms.Median(buckets.Select(b => (b.Name, b.B))),
            };
        }
        var level = (parts.GetValueOrDefault("l") ?? []).ToDictionary(r => r.Name);
        foreach (var (kpi, index) in panel.Kpis.Select((k, i) => (k, i)).Where(x => x.k.Cumulative))
        {
            kpis[index] = kpis[index] with
            {
                Value = kpi.Compute(m => level.GetValueOrDefault(m)?.A ?? 0),
                Previous = kpi.Compute(m => level.GetValueOrDefault(m)?.B ?? 0),
            };
        }

        // Amounts of different currencies are never added up: with more than one, the money figures stay empty.
        var currencies = Currencies(parts);
        if (currencies.Count > 1)
        {
            kpis = kpis.Select(k => k.Format == KpiFormat.Money ? k with { Value = null, Previous = null } : k).ToList();
            if (panel.SeriesFormat == KpiFormat.Money) (series, breakdown, before) = ([], [], []);
        }

        var unhealthy = connections.Any(c => c.Paused || c.Status is ConnectionStatus.Failing or ConnectionStatus.NeedsReconnect);
        var asOf = connections.Min(c => c.LastSuccessAt);
        return new PanelData(panel.Key, panel.Title, unhealthy ? PanelStatus.Stale : PanelStatus.Ok, panel.Sources, asOf, null,
            kpis, days.Select(d => d.ToString("yyyy-MM-dd")).ToList(), series,
            panel.Breakdown?.Label, breakdown, panel.SeriesFormat)
        {
            Currencies = currencies,
            Previous = before.Count == 0 ? [] : panel.Series.Select((s, i) => new SeriesData(s.Label, before.Select(d => d.Values[i]).ToList())).ToList(),
        };
    }

    private static (DateRange Current, DateRange Compared) Ranges(Period period) =>
        (new DateRange(period.From, period.To), new DateRange(period.CompareFrom, period.CompareTo));

    private static List<Row> Rows(Dictionary<string, List<MetricRow>> parts, string part) =>
        (parts.GetValueOrDefault(part) ?? []).Select(r => new Row(r.Name, r.Date!.Value, r.A)).ToList();

    // Largest first; the database chose the top by the same order, the UNION around it need not keep it.
    private static List<BreakdownItem> Top(Dictionary<string, List<MetricRow>> parts, string part) =>
        (parts.GetValueOrDefault(part) ?? []).OrderByDescending(r => r.A).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new BreakdownItem(r.Name, r.A)).ToList();

    private static Dictionary<string, MetricSums> Sums(Dictionary<string, List<MetricRow>> parts) =>
        (parts.GetValueOrDefault("k") ?? []).ToDictionary(r => r.Name, r => new MetricSums(r.Name, r.A, r.B, (int)r.C));

    // The comparison range day by day, in step with the period (its day i beside the period's day i), for the charts' dotted
    // line and the drill-down's comparison. Empty when the range has no data at all: no line of zeros before a source's history.
    private static List<DetailDay> PreviousDays(PanelDefinition panel, Period period, List<Row> rows)
    {
        if (rows.Count == 0) return [];
        var byDay = rows.ToDictionary(r => (r.Metric, r.Date), r => r.Value);
        var length = Math.Min(period.CompareTo.DayNumber - period.CompareFrom.DayNumber + 1, period.Days);
        return Enumerable.Range(0, length).Select(i => period.CompareFrom.AddDays(i))
            .Select(d => new DetailDay(d, panel.SeriesMetrics.Select(m => byDay.GetValueOrDefault((m, d))).ToList())).ToList();
    }

    // Every currency the panel's sources keep money in, from the command's markers part.
    private static IReadOnlyList<string> Currencies(Dictionary<string, List<MetricRow>> parts) =>
        Union(DailyMetricsCommand.Currencies(parts.GetValueOrDefault("c") ?? []).Values);

    private static IReadOnlyList<string> Union(IEnumerable<IReadOnlyList<string>> currencies) =>
        currencies.SelectMany(c => c).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Drill-down: every day of the period with the panel's metrics, and the full breakdown (both for the comparison too).</summary>
    public async Task<PanelDetail> DetailAsync(PanelDefinition panel, Period period, CancellationToken cancellationToken = default)
    {
        var metrics = panel.SeriesMetrics;
        var (current, compared) = Ranges(period);
        var command = new DailyMetricsCommand(workspace.WorkspaceId)
            .Markers("c", panel.Sources)
            .Days("d", panel.Sources, metrics, current)
            .Days("p", panel.Sources, metrics, compared);
        if (panel.Breakdown is { } breakdownOf)
            command.Top("b", panel.Sources, breakdownOf.Metric, current, take: int.MaxValue).Top("bp", panel.Sources, breakdownOf.Metric, compared, take: int.MaxValue);
        var parts = await command.ReadAsync(db, cancellationToken);

        var byDay = Rows(parts, "d").ToDictionary(r => (r.Metric, r.Date), r => r.Value);
        var days = Enumerable.Range(0, period.Days).Select(i => period.From.AddDays(i))
            .Select(d => new DetailDay(d, metrics.Select(m => byDay.GetValueOrDefault((m, d))).ToList())).ToList();
        var breakdown = Top(parts, "b");
        var before = PreviousDays(panel, period, Rows(parts, "p"));
        var breakdownBefore = Top(parts, "bp");
        // As on the panel: amounts in several currencies are not added, so a money drill-down then has no rows.
        var currencies = Currencies(parts);
        if (currencies.Count > 1 && panel.SeriesFormat == KpiFormat.Money) (days, breakdown, before, breakdownBefore) = ([], [], [], []);
        return new PanelDetail(panel.Key, panel.Title, panel.Series.Select(s => s.Label).ToList(), days, panel.Breakdown?.Label, breakdown, panel.SeriesFormat)
        {
            Currencies = currencies,
            PreviousDays = before,
            PreviousBreakdown = breakdownBefore,
        };
    }

    /// <summary>
    /// The strip of blended KPIs across every source. A KPI that reads money says its currency; one whose amounts come in
    /// several currencies (Stripe revenue in EUR and Shopify revenue in USD, or MER's revenue in EUR over ad spend in USD) is
    /// left empty with a note: no figure adds or divides amounts of two currencies.
    /// </summary>
    public virtual async Task<IReadOnlyList<KpiValue>> BlendedAsync(Period period, CancellationToken cancellationToken = default)
    {
        var (current, compared) = Ranges(period);
        var parts = await new DailyMetricsCommand(workspace.WorkspaceId)
            .Markers("c", BlendedSources).Sums("k", BlendedSources, BlendedMetrics, current, compared).ReadAsync(db, cancellationToken);
        var kpis = Kpis(PanelDefinitions.Blended, Sums(parts), [], []);
        var bySource = DailyMetricsCommand.Currencies(parts.GetValueOrDefault("c") ?? []);
        return PanelDefinitions.Blended.Zip(kpis, (definition, kpi) => InOneCurrency(definition, kpi, bySource)).ToList();
    }

    private static KpiValue InOneCurrency(KpiDefinition definition, KpiValue kpi, Dictionary<string, List<string>> bySource)
    {
        var sources = definition.Metrics.Where(PanelDefinitions.MoneyMetrics.Contains).SelectMany(PanelDefinitions.SourcesOf).Distinct();
        return Union(sources.Select(s => bySource.GetValueOrDefault(s) ?? [])) switch
        {
            [] => kpi,
            [var only] => kpi with { Currency = only },
            var several => kpi with
            {
                Value = null, Previous = null,
                Note = $"{kpi.Label} is left out: its amounts are in {string.Join(" and ", several)}, which are not added up or compared.",
            },
        };
    }

    private static readonly IReadOnlyList<string> BlendedSources = PanelDefinitions.All.SelectMany(p => p.Sources).Distinct().ToArray();
    private static readonly IReadOnlyList<string> BlendedMetrics = PanelDefinitions.Blended.SelectMany(k => k.Metrics).Distinct().ToArray();

    private sealed record Row(string Metric, DateOnly Date, double Value);

    private sealed record MetricSums(string Metric, double Current, double Previous, int PreviousDays);

    private static double? LastDay(List<Row> rows, string metric) =>
        rows.Where(r => r.Metric == metric).MaxBy(r => r.Date)?.Value;

    private static IReadOnlyList<KpiValue> Kpis(IReadOnlyList<KpiDefinition> kpis, Dictionary<string, MetricSums> sums, List<Row> current, List<Row> previous)
    {
        var hasPrevious = sums.Values.Any(s => s.PreviousDays > 0);
        return kpis.Select(k => k.Snapshot is { } metric
            ? new KpiValue(k.Key, k.Label, k.Format, LastDay(current, metric), LastDay(previous, metric), k.HigherIsBetter)
            : new KpiValue(k.Key, k.Label, k.Format,
                k.Compute(m => sums.GetValueOrDefault(m)?.Current ?? 0),
                hasPrevious ? k.Compute(m => sums.GetValueOrDefault(m)?.Previous ?? 0) : null, k.HigherIsBetter)).ToList();
    }
}
