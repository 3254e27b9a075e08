namespace WorkPipelines.Domain.Metrics;

/// <summary>A range of whole days (inclusive) in the workspace's time zone, with the range it is compared to.</summary>
public sealed record Period(string Key, DateOnly From, DateOnly To, DateOnly CompareFrom, DateOnly CompareTo)
{
    public const int MaxDays = 3 * 366;

    public static readonly string[] Keys = ["7d", "30d", "90d", "12m", "mtd", "custom"];
    public static readonly string[] CompareModes = ["previous", "year"];

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>
    /// Resolves a period for "today" in the workspace's zone. 7d/30d/90d end today; 12m is the last
    /// 365 days (366 across a leap day); mtd runs from the 1st; custom needs from and to.
    /// Compare "previous" is the same number of days just before; "year" is the same dates a year earlier.
    /// </summary>
    public static (Period? Period, string? Problem) Parse(string? key, string? compare, DateOnly? from, DateOnly? to, DateOnly today)
    {
        key = string.IsNullOrWhiteSpace(key) ? "30d" : key.Trim().ToLowerInvariant();
        compare = string.IsNullOrWhiteSpace(compare) ? "previous" : compare.Trim().ToLowerInvariant();
        if (!CompareModes.Contains(compare)) return (null, $"unknown compare '{compare}'; valid: {string.Join(", ", CompareModes)}");

        (DateOnly start, DateOnly end) range;
        switch (key)
        {
            case "7d": range = (today.AddDays(-6), today); break;
            case "30d": range = (today.AddDays(-29), today); break;
            case "90d": range = (today.AddDays(-89), today); break;
            case "12m": range = (today.AddYears(-1).AddDays(1), today); break;
            case "mtd": range = (new DateOnly(today.Year, today.Month, 1), today); break;
            case "custom":
                if (from is null || to is null) return (null, "custom periods need from and to (yyyy-MM-dd)");
                if (to < from) return (null, $"the range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})");
                if (to.Value.DayNumber - from.Value.DayNumber + 1 > MaxDays) return (null, "a range can be at most 3 years long");
                range = (from.Value, to.Value);
                break;
            default:
                return (null, $"unknown period '{key}'; valid: {string.Join(", ", Keys)}");
        }

        var days = range.end.DayNumber - range.start.DayNumber + 1;
        var comparison = compare == "year"
            ? (range.start.AddYears(-1), range.end.AddYears(-1))
            : (range.start.AddDays(-days), range.start.AddDays(-1));
        return (new Period(key, range.start, range.end, comparison.Item1, comparison.Item2), null);
    }

    /// <summary>Today in an IANA time zone (UTC when the zone is unknown).</summary>
    public static DateOnly Today(DateTimeOffset now, string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
    }
}
