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
    /// What the caller read once for every panel of a view (the aggregator): the workspace's connections and the sources' currency
    /// markers. Each panel then reads only its figures; without them (a single panel, a drill-down) it reads them itself.
    /// </summary>
    public (DataStamps Stamps, Dictionary<string, List<string>> Currencies)? Known { get; set; }

    /// <summary>Virtual so tests can stand in a source that fails or hangs.</summary>
    public virtual async Task<PanelData> PanelAsync(PanelDefinition panel, Period period, CancellationToken cancellationToken = default)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try { return await ReadPanelAsync(panel, period, cancellationToken); }
        finally { await db.Database.CloseConnectionAsync(); }
    }

    // The panel's reads share one open connection: opening one (pool checkout, PRAGMAs, EF's SQL functions) costs more than a read.
    private async Task<PanelData> ReadPanelAsync(PanelDefinition panel, Period period, CancellationToken cancellationToken)
    {
        var connections = Known is { } known
            ? known.Stamps.All.Where(c => panel.Sources.Contains(c.Provider)).ToList()
            : (await DataStampsAsync(cancellationToken)).All.Where(c => panel.Sources.Contains(c.Provider)).ToList();
        if (connections.Count == 0)
            return new PanelData(panel.Key, panel.Title, PanelStatus.NotConnected, panel.Sources, null, null, [], [], [], null, [], panel.SeriesFormat);

        var sums = await SumsAsync(panel.Sources, panel.KpiMetrics, period, cancellationToken);
        var hasSnapshots = panel.Kpis.Any(k => k.Snapshot is not null);
        // With the comparison right before the period (the usual case) one read of both ranges' days serves the charts, the
        // snapshots and the comparison's dotted line; a comparison a year back is read apart rather than the year between.
        var adjacent = period.CompareTo.AddDays(1) == period.From;
        var daily = await Totals(panel.Sources, hasSnapshots || adjacent ? Earliest(period) : period.From, period.To, panel.DailyMetrics).ToListAsync(cancellationToken);
        var current = daily.Where(r => r.Date >= period.From).ToList();

        var days = Enumerable.Range(0, period.Days).Select(i => period.From.AddDays(i)).ToList();
        var byDay = current.ToDictionary(r => (r.Metric, r.Date), r => r.Value);
        var series = panel.Series.Select(s => new SeriesData(s.Label, days.Select(d => byDay.GetValueOrDefault((s.Metric, d))).ToList())).ToList();

        var breakdown = await BreakdownAsync(panel, period, take: 5, cancellationToken);
        var before = adjacent
            ? PreviousDays(panel, period, daily.Where(r => r.Date >= period.CompareFrom && r.Date <= period.CompareTo && panel.SeriesMetrics.Contains(r.Metric)).ToList())
            : await PreviousDaysAsync(panel, period, cancellationToken);

        var previous = daily.Where(r => r.Date >= period.CompareFrom && r.Date <= period.CompareTo).ToList();
        var kpis = Kpis(panel.Kpis, sums, current, previous).ToList();
        foreach (var (kpi, index) in panel.Kpis.Select((k, i) => (k, i)).Where(x => x.k.Median is not null))
        {
            kpis[index] = kpis[index] with
            {
                Value = await MedianHistograms.ReadAsync(db, panel.Sources, kpi.Median!, period.From, period.To, cancellationToken),
                Previous = await MedianHistograms.ReadAsync(db, panel.Sources, kpi.Median!, period.CompareFrom, period.CompareTo, cancellationToken),
            };
        }
        foreach (var (kpi, index) in panel.Kpis.Select((k, i) => (k, i)).Where(x => x.k.Cumulative))
        {
            var (atEnd, atCompareEnd) = await AllTimeAsync(panel.Sources, kpi.Metrics, period.To, period.CompareTo, cancellationToken);
            kpis[index] = kpis[index] with { Value = kpi.Compute(atEnd), Previous = kpi.Compute(atCompareEnd) };
        }

        // Amounts of different currencies are never added up: with more than one, the money figures stay empty.
        var currencies = Union((await CurrenciesAsync(panel.Sources, cancellationToken)).Values);
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

    // The comparison range day by day, in step with the period (its day i beside the period's day i), for the charts' dotted
    // line and the drill-down's comparison. Empty when the range has no data at all: no line of zeros before a source's history.
    private async Task<List<DetailDay>> PreviousDaysAsync(PanelDefinition panel, Period period, CancellationToken cancellationToken) =>
        PreviousDays(panel, period, await Totals(panel.Sources, period.CompareFrom, period.CompareTo, panel.SeriesMetrics).ToListAsync(cancellationToken));

    private static List<DetailDay> PreviousDays(PanelDefinition panel, Period period, List<Row> rows)
    {
        if (rows.Count == 0) return [];
        var byDay = rows.ToDictionary(r => (r.Metric, r.Date), r => r.Value);
        var length = Math.Min(period.CompareTo.DayNumber - period.CompareFrom.DayNumber + 1, period.Days);
        return Enumerable.Range(0, length).Select(i => period.CompareFrom.AddDays(i))
            .Select(d => new DetailDay(d, panel.SeriesMetrics.Select(m => byDay.GetValueOrDefault((m, d))).ToList())).ToList();
    }

    // The sources' currency markers, from what the caller read for the whole view when it did.
    private async Task<Dictionary<string, List<string>>> CurrenciesAsync(IReadOnlyList<string> sources, CancellationToken cancellationToken) =>
        Known is { } known
            ? known.Currencies.Where(c => sources.Contains(c.Key)).ToDictionary()
            : await CurrencyMarkers.ReadAsync(db, sources, cancellationToken);

    /// <summary>The currency markers of every source (see <see cref="Known"/>).</summary>
    public Task<Dictionary<string, List<string>>> AllCurrenciesAsync(CancellationToken cancellationToken = default) =>
        CurrencyMarkers.ReadAsync(db, BlendedSources, cancellationToken);

    private static IReadOnlyList<string> Union(IEnumerable<IReadOnlyList<string>> currencies) =>
        currencies.SelectMany(c => c).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Drill-down: every day of the period with the panel's metrics, and the full breakdown.</summary>
    public async Task<PanelDetail> DetailAsync(PanelDefinition panel, Period period, CancellationToken cancellationToken = default)
    {
        var metrics = panel.SeriesMetrics;
        var rows = await Totals(panel.Sources, period.From, period.To, metrics).ToListAsync(cancellationToken);
        var byDay = rows.ToDictionary(r => (r.Metric, r.Date), r => r.Value);
        var days = Enumerable.Range(0, period.Days).Select(i => period.From.AddDays(i))
            .Select(d => new DetailDay(d, metrics.Select(m => byDay.GetValueOrDefault((m, d))).ToList())).ToList();

        var breakdown = await BreakdownAsync(panel, period, take: int.MaxValue, cancellationToken);
        var before = await PreviousDaysAsync(panel, period, cancellationToken);
        var breakdownBefore = await BreakdownAsync(panel, period with { From = period.CompareFrom, To = period.CompareTo }, take: int.MaxValue, cancellationToken);
        // As on the panel: amounts in several currencies are not added, so a money drill-down then has no rows.
        var currencies = Union((await CurrenciesAsync(panel.Sources, cancellationToken)).Values);
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
        var kpis = Kpis(PanelDefinitions.Blended, await SumsAsync(BlendedSources, BlendedMetrics, period, cancellationToken), [], []);
        var bySource = await CurrenciesAsync(BlendedSources, cancellationToken);
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

    // The same list instances every call: EF caches a query by its expression, and an EF.Constant list is part of it.
    private static readonly IReadOnlyList<string> BlendedSources = PanelDefinitions.All.SelectMany(p => p.Sources).Distinct().ToArray();
    private static readonly IReadOnlyList<string> BlendedMetrics = PanelDefinitions.Blended.SelectMany(k => k.Metrics).Distinct().ToArray();

    private sealed record Row(string Metric, DateOnly Date, double Value);

    private sealed record MetricSums(string Metric, double Current, double Previous, int PreviousDays);

    private static DateOnly Earliest(Period period) => period.CompareFrom < period.From ? period.CompareFrom : period.From;

    // Constant lists become IN ('stripe','shopify'), which SQLite answers from the (workspace, source, metric, dimension,
    // date, value) index without touching the table; a parameterised list becomes json_each, which it scans.
    private IQueryable<DailyMetric> TotalsOf(IReadOnlyList<string> sources, IReadOnlyList<string> metrics, DateOnly from, DateOnly to) =>
        db.DailyMetrics.AsNoTracking().Where(m => EF.Constant(sources).Contains(m.Source) && EF.Constant(metrics).Contains(m.Metric)
            && m.Dimension == "" && m.Date >= from && m.Date <= to);

    // Totals per metric and day, summed in SQL: several sources of a panel add up (Stripe + Shopify revenue).
    private IQueryable<Row> Totals(IReadOnlyList<string> sources, DateOnly from, DateOnly to, IReadOnlyList<string> metrics) =>
        TotalsOf(sources, metrics, from, to).GroupBy(m => new { m.Metric, m.Date }).Select(g => new Row(g.Key.Metric, g.Key.Date, g.Sum(m => m.Value)));

    // A KPI needs only its metrics' sums over each range: one row per metric, not one per day.
    private async Task<Dictionary<string, MetricSums>> SumsAsync(IReadOnlyList<string> sources, IReadOnlyList<string> metrics, Period period,
        CancellationToken cancellationToken)
    {
        var (from, to, compareFrom, compareTo) = (period.From, period.To, period.CompareFrom, period.CompareTo);
        return await TotalsOf(sources, metrics, Earliest(period), to)
            .GroupBy(m => m.Metric)
            .Select(g => new MetricSums(g.Key,
                g.Sum(m => m.Date >= from && m.Date <= to ? m.Value : 0),
                g.Sum(m => m.Date >= compareFrom && m.Date <= compareTo ? m.Value : 0),
                g.Count(m => m.Date >= compareFrom && m.Date <= compareTo)))
            .ToDictionaryAsync(x => x.Metric, cancellationToken);
    }

    /// <summary>The panel's breakdown dimensions over the period, largest first.</summary>
    private async Task<IReadOnlyList<BreakdownItem>> BreakdownAsync(PanelDefinition panel, Period period, int take, CancellationToken cancellationToken)
    {
        if (panel.Breakdown is not { } breakdown) return [];
        return (await db.DailyMetrics.AsNoTracking()
                .Where(m => EF.Constant(panel.Sources).Contains(m.Source) && m.Metric == breakdown.Metric && m.Dimension != "" && m.Date >= period.From && m.Date <= period.To)
                .GroupBy(m => m.Dimension).Select(g => new { Name = g.Key, Value = g.Sum(m => m.Value) })
                .ToListAsync(cancellationToken))
            .OrderByDescending(x => x.Value).Take(take).Select(x => new BreakdownItem(x.Name, x.Value)).ToList();
    }

    // Levels (MRR) are everything that happened up to a day: one grouped read of all history, both ends at once.
    private async Task<(Func<string, double> AtEnd, Func<string, double> AtCompareEnd)> AllTimeAsync(
        IReadOnlyList<string> sources, IReadOnlyList<string> metrics, DateOnly end, DateOnly compareEnd, CancellationToken cancellationToken)
    {
        var sums = await db.DailyMetrics.AsNoTracking()
            .Where(m => EF.Constant(sources).Contains(m.Source) && EF.Constant(metrics).Contains(m.Metric) && m.Dimension == "" && m.Date <= end)
            .GroupBy(m => m.Metric)
            .Select(g => new { Metric = g.Key, AtEnd = g.Sum(m => m.Value), AtCompareEnd = g.Sum(m => m.Date <= compareEnd ? m.Value : 0) })
            .ToListAsync(cancellationToken);
        return (metric => sums.FirstOrDefault(x => x.Metric == metric)?.AtEnd ?? 0, metric => sums.FirstOrDefault(x => x.Metric == metric)?.AtCompareEnd ?? 0);
    }

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
