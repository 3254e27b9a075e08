using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Metrics;

/// <summary>
/// Which currency a record's amounts are in. A connector that reads money counts <c>currency.&lt;code&gt;</c> = 1 on each
/// money record; the dashboard reads the codes per source, shows money in its currency and never adds two currencies.
/// </summary>
public static class CurrencyMarkers
{
    /// <summary>The metric name prefix; the rest is the ISO 4217 code in lower case.</summary>
    public const string Prefix = "currency.";

    /// <summary>The top of the metric-name range that holds every marker (see <see cref="ReadAsync"/>).</summary>
    public const string RangeEnd = Prefix + "zzz";

    /// <summary>The marker of <paramref name="currency"/> (an ISO 4217 code in any case), ready to add to a record's values.</summary>
    public static (string Metric, double Value) Of(string currency) => (Prefix + currency.ToLowerInvariant(), 1);

    /// <summary>The ISO code of a marker metric, upper case ("currency.eur" → "EUR").</summary>
    public static string CodeOf(string metric) => metric[Prefix.Length..].ToUpperInvariant();

    /// <summary>
    /// The codes each of <paramref name="sources"/> has markers of, for the current workspace. A source without markers (data synced
    /// before they existed) is missing from the answer.
    /// </summary>
    /// <remarks>
    /// A range on the metric name, not <c>StartsWith</c>: SQLite's LIKE and PostgreSQL's under a language collation cannot use the
    /// (workspace, source, metric, …) index, and the prefix test read every daily row of the sources (a third of a cold
    /// dashboard's time in the profile). "currency." to "currency.zzz" holds the markers (three-letter codes) in byte order and in
    /// language collations alike, which ignore the dot at first; the ordinal test afterwards keeps only real markers either way.
    /// </remarks>
    public static async Task<Dictionary<string, List<string>>> ReadAsync(WorkDbContext db, IReadOnlyList<string> sources, CancellationToken cancellationToken = default) =>
        (await db.DailyMetrics.AsNoTracking()
            .Where(m => EF.Constant(sources).Contains(m.Source) && m.Metric.CompareTo(Prefix) > 0 && m.Metric.CompareTo(RangeEnd) <= 0 && m.Dimension == "")
            .Select(m => new { m.Source, m.Metric }).Distinct().ToListAsync(cancellationToken))
        .Select(m => (m.Source, m.Metric)).BySource();

    /// <summary>The codes per source of (source, metric) pairs read by the range; only real markers (ordinal prefix) count.</summary>
    internal static Dictionary<string, List<string>> BySource(this IEnumerable<(string Source, string Metric)> markers) =>
        markers.Where(m => m.Metric.StartsWith(Prefix, StringComparison.Ordinal))
            .GroupBy(m => m.Source).ToDictionary(g => g.Key, g => g.Select(m => CodeOf(m.Metric)).Distinct().ToList());
}
