namespace WorkPipelines.Domain.Metrics.Dashboard;

/// <summary>How finely a time chart or table splits its period.</summary>
public enum TimeGrain { Day, Week, Month }

/// <summary>How a metric's days add up to a week or a month.</summary>
public enum SeriesKind
{
    /// <summary>Amounts and counts (revenue, sessions): the days add up.</summary>
    Sum,

    /// <summary>A running total (followers): the level on the bucket's last day with data, never a sum of levels.</summary>
    Last,
}

/// <summary>A run of consecutive days of a period: it starts on <see cref="Start"/>, at index <see cref="First"/> of the period's days.</summary>
public sealed record TimeBucket(DateOnly Start, int First, int Count);

/// <summary>
/// Groups a period's days into days, weeks or months, so a year reads as 53 weekly points rather than 365 noisy daily
/// ones. Buckets never reach outside the period (its first and last week or month may be partial), so the buckets of a
/// sum add up to exactly the tile's figure. Weeks start on Monday (ISO 8601).
/// </summary>
public static class TimeBuckets
{
    /// <summary>Days up to about a quarter, weeks up to a year (366 days, a leap year's 12 months), months beyond.</summary>
    public static TimeGrain Auto(int days) => days <= 92 ? TimeGrain.Day : days <= 366 ? TimeGrain.Week : TimeGrain.Month;

    /// <summary>The buckets of <paramref name="days"/> days from <paramref name="from"/>, in order, covering every day once.</summary>
    public static IReadOnlyList<TimeBucket> Split(DateOnly from, int days, TimeGrain grain)
    {
        var buckets = new List<TimeBucket>();
        var first = 0;
        while (first < days)
        {
            var start = from.AddDays(first);
            var next = grain switch
            {
                TimeGrain.Day => start.AddDays(1),
                TimeGrain.Week => start.AddDays(7 - ((int)start.DayOfWeek + 6) % 7),
                _ => new DateOnly(start.Year, start.Month, 1).AddMonths(1),
            };
            var count = Math.Min(next.DayNumber - start.DayNumber, days - first);
            buckets.Add(new TimeBucket(start, first, count));
            first += count;
        }
        return buckets;
    }

    /// <summary>
    /// One value per bucket from day-by-day <paramref name="values"/> (index 0 is the bucket list's first day). Days past the
    /// end of <paramref name="values"/> count as missing; a bucket with no value at all is null (a gap), not zero.
    /// </summary>
    public static IReadOnlyList<double?> Combine(IReadOnlyList<double?> values, IReadOnlyList<TimeBucket> buckets, SeriesKind kind) =>
        buckets.Select(b =>
        {
            var days = Enumerable.Range(b.First, b.Count).Where(i => i < values.Count && values[i] is not null).Select(i => values[i]!.Value).ToList();
            if (days.Count == 0) return (double?)null;
            return kind == SeriesKind.Last ? days[^1] : days.Sum();
        }).ToList();

    /// <summary>How <paramref name="metric"/> of <paramref name="panel"/> adds up over several days: a running total keeps its last level.</summary>
    public static SeriesKind KindOf(PanelDefinition panel, string metric) =>
        panel.Kpis.Any(k => k.Snapshot == metric) ? SeriesKind.Last : SeriesKind.Sum;
}
