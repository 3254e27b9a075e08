namespace WorkPipelines.Domain.Metrics;

/// <summary>A range of whole days (inclusive) in the workspace's time zone, with the range it is compared to.</summary>
public sealed record Period(string Key, DateOnly From, DateOnly To, DateOnly CompareFrom, DateOnly CompareTo)
{
    public const int MaxDays = 3 * 366;

    public static readonly string[] Keys = ["7d", "30d", "90d", "12m", "mtd", "custom"];

    /// <summary>Reports also cover whole calendar months and quarters (the dashboard's rolling periods stay as they are).</summary>
    public static readonly string[] ReportKeys = ["7d", "30d", "90d", "12m", "mtd", "lastmonth", "quarter", "lastquarter", "custom"];
    public static readonly string[] CompareModes = ["previous", "year"];

    /// <summary>
    /// Custom ranges lie within these dates: no source keeps data from before 1990, and the bounds leave room for the
    /// comparison range (a year-1 start would overflow when compared with the year before).
    /// </summary>
    public static readonly DateOnly EarliestDate = new(1990, 1, 1), LatestDate = new(2099, 12, 31);

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>
    /// Resolves a period for "today" in the workspace's zone. 7d/30d/90d end today; 12m is the last
    /// 365 days (366 across a leap day); mtd runs from the 1st; custom needs from and to.
    /// lastmonth is the previous calendar month; quarter runs from the quarter's first day; lastquarter is the
    /// previous whole quarter. Compare "previous" is the same number of days just before, except for the calendar
    /// periods: the month before last month, the quarter before last quarter, and for quarter to date the same
    /// dates three months earlier (31 May → 28/29 Feb). "year" is the same dates a year earlier.
    /// </summary>
    /// <param name="valid">The keys this caller accepts; <see cref="Keys"/> when null.</param>
    public static (Period? Period, string? Problem) Parse(string? key, string? compare, DateOnly? from, DateOnly? to, DateOnly today,
        IReadOnlyList<string>? valid = null)
    {
        valid ??= Keys;
        key = string.IsNullOrWhiteSpace(key) ? "30d" : key.Trim().ToLowerInvariant();
        compare = string.IsNullOrWhiteSpace(compare) ? "previous" : compare.Trim().ToLowerInvariant();
        if (!CompareModes.Contains(compare)) return (null, $"unknown compare '{compare}'; valid: {string.Join(", ", CompareModes)}");
        if (!valid.Contains(key)) return (null, $"unknown period '{key}'; valid: {string.Join(", ", valid)}");

        (DateOnly start, DateOnly end) range;
        (DateOnly start, DateOnly end)? previous = null;
        var month = new DateOnly(today.Year, today.Month, 1);
        var quarter = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
        switch (key)
        {
            case "7d": range = (today.AddDays(-6), today); break;
            case "30d": range = (today.AddDays(-29), today); break;
            case "90d": range = (today.AddDays(-89), today); break;
            case "12m": range = (today.AddYears(-1).AddDays(1), today); break;
            case "mtd": range = (month, today); break;
            case "lastmonth":
                range = (month.AddMonths(-1), month.AddDays(-1));
                previous = (month.AddMonths(-2), month.AddMonths(-1).AddDays(-1));
                break;
            case "quarter":
                range = (quarter, today);
                previous = (quarter.AddMonths(-3), today.AddMonths(-3));
                break;
            case "lastquarter":
                range = (quarter.AddMonths(-3), quarter.AddDays(-1));
                previous = (quarter.AddMonths(-6), quarter.AddMonths(-3).AddDays(-1));
                break;
            case "custom":
                if (from is null || to is null) return (null, "custom periods need from and to (yyyy-MM-dd)");
                if (from < EarliestDate || to > LatestDate)
                    return (null, $"custom dates must lie between {EarliestDate:yyyy-MM-dd} and {LatestDate:yyyy-MM-dd}");
                if (to < from) return (null, $"the range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})");
                if (to.Value.DayNumber - from.Value.DayNumber + 1 > MaxDays) return (null, "a range can be at most 3 years long");
                range = (from.Value, to.Value);
                break;
            default:
                return (null, $"unknown period '{key}'; valid: {string.Join(", ", valid)}");
        }

        var days = range.end.DayNumber - range.start.DayNumber + 1;
        var comparison = compare == "year"
            ? (range.start.AddYears(-1), range.end.AddYears(-1))
            : previous ?? (range.start.AddDays(-days), range.start.AddDays(-1));
        return (new Period(key, range.start, range.end, comparison.Item1, comparison.Item2), null);
    }

    /// <summary>Today in an IANA time zone (UTC when the zone is unknown).</summary>
    public static DateOnly Today(DateTimeOffset now, string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
    }
}
