using System.Globalization;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;

namespace WorkPipelines.Web.Features.Dashboard;

/// <summary>
/// The dashboard's view in its address (<c>dashboard?period=12m&amp;compare=year</c>, <c>dashboard/revenue?…&amp;group=week</c>),
/// so a view survives a reload, the back button and a link sent to a colleague. Anything unreadable falls back to the
/// default quietly: an old or hand-edited link still opens a dashboard, not an error.
/// </summary>
public static class DashboardUrl
{
    /// <summary>The period a link asks for; the last 30 days against the 30 before for whatever part of it is not valid.</summary>
    public static PeriodQuery Read(string? period, string? compare, string? from, string? to)
    {
        var key = Period.Keys.Contains(period?.Trim().ToLowerInvariant()) ? period!.Trim().ToLowerInvariant() : PeriodQuery.Last30Days.Period;
        var mode = Period.CompareModes.Contains(compare?.Trim().ToLowerInvariant()) ? compare!.Trim().ToLowerInvariant() : PeriodQuery.Last30Days.Compare;
        if (key != "custom") return new PeriodQuery(key, mode, null, null);
        var (start, end) = (Date(from), Date(to));
        // A custom range's checks do not depend on today: any day will do for them.
        var (valid, _) = Period.Parse(key, mode, start, end, Period.EarliestDate);
        return valid is null ? PeriodQuery.Last30Days with { Compare = mode } : new PeriodQuery(key, mode, start, end);
    }

    /// <summary>The grouping a link asks for (day, week, month); null (automatic) when it asks for none or for something else.</summary>
    public static TimeGrain? ReadGrain(string? group) =>
        Enum.TryParse<TimeGrain>(group?.Trim(), ignoreCase: true, out var grain) && Enum.IsDefined(grain) && !int.TryParse(group, out _) ? grain : null;

    /// <summary>"?period=12m&amp;compare=year" (with from and to for a custom range, and group when chosen).</summary>
    public static string Query(PeriodQuery query, TimeGrain? grain = null)
    {
        var parts = new List<string> { $"period={query.Period}", $"compare={query.Compare}" };
        if (query.Period == "custom")
            parts.Add($"from={query.From:yyyy-MM-dd}&to={query.To:yyyy-MM-dd}");
        if (grain is { } g)
            parts.Add($"group={g.ToString().ToLowerInvariant()}");
        return "?" + string.Join("&", parts);
    }

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
