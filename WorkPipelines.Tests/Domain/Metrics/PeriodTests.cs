using WorkPipelines.Domain.Metrics;

namespace WorkPipelines.Tests.Domain.Metrics;

public sealed class PeriodTests
{
    [Theory]
    [InlineData("7d", "previous", "2026-11-22", "2026-11-28", "2026-11-15", "2026-11-21")]
    [InlineData("30d", "previous", "2026-10-30", "2026-11-28", "2026-09-30", "2026-10-29")]
    [InlineData("90d", "previous", "2026-08-31", "2026-11-28", "2026-06-02", "2026-08-30")]
    [InlineData("mtd", "previous", "2026-11-01", "2026-11-28", "2026-10-04", "2026-10-31")]
    [InlineData("mtd", "year", "2026-11-01", "2026-11-28", "2025-11-01", "2025-11-28")]
    [InlineData("12m", "previous", "2025-11-29", "2026-11-28", "2024-11-29", "2025-11-28")]
    public void Periods_end_today_and_compare_with_the_same_length(string key, string compare, string from, string to, string compareFrom, string compareTo)
    {
        var (period, problem) = Period.Parse(key, compare, null, null, new DateOnly(2026, 11, 28));

        Assert.Null(problem);
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to)), (period!.From, period.To));
        Assert.Equal((DateOnly.Parse(compareFrom), DateOnly.Parse(compareTo)), (period.CompareFrom, period.CompareTo));
    }

    [Fact]
    public void Twelve_months_across_a_leap_day_has_366_days()
    {
        var (period, _) = Period.Parse("12m", null, null, null, new DateOnly(2028, 3, 1));

        Assert.Equal(366, period!.Days);
        Assert.Equal(new DateOnly(2027, 3, 2), period.From);
    }

    [Fact]
    public void Year_comparison_of_a_leap_day_lands_on_the_28th()
    {
        var (period, _) = Period.Parse("custom", "year", new DateOnly(2028, 2, 29), new DateOnly(2028, 2, 29), new DateOnly(2028, 3, 10));

        Assert.Equal(new DateOnly(2027, 2, 28), period!.CompareFrom);
    }

    [Theory]
    [InlineData("14d", null, null, null, "unknown period '14d'; valid: 7d, 30d, 90d, 12m, mtd, custom")]
    [InlineData("30d", "lastweek", null, null, "unknown compare 'lastweek'; valid: previous, year")]
    [InlineData("custom", null, null, null, "custom periods need from and to")]
    [InlineData("custom", null, "2026-02-01", "2026-01-01", "ends (2026-01-01) before it starts (2026-02-01)")]
    [InlineData("custom", null, "2020-01-01", "2026-01-01", "at most 3 years")]
    [InlineData("custom", "previous", "0001-01-01", "0001-01-02", "custom dates must lie between 1990-01-01 and 2099-12-31")]
    [InlineData("custom", "year", "9999-12-30", "9999-12-31", "custom dates must lie between 1990-01-01 and 2099-12-31")]
    public void Bad_periods_say_what_is_valid(string key, string? compare, string? from, string? to, string problem)
    {
        var (period, message) = Period.Parse(key, compare, from is null ? null : DateOnly.Parse(from), to is null ? null : DateOnly.Parse(to), new DateOnly(2026, 11, 28));

        Assert.Null(period);
        Assert.Contains(problem, message);
    }

    [Theory]
    // last month: the previous whole calendar month against the month before it, whatever their lengths
    [InlineData("lastmonth", "2026-11-28", "2026-10-01", "2026-10-31", "2026-09-01", "2026-09-30")]
    [InlineData("lastmonth", "2026-01-01", "2025-12-01", "2025-12-31", "2025-11-01", "2025-11-30")]
    [InlineData("lastmonth", "2026-02-15", "2026-01-01", "2026-01-31", "2025-12-01", "2025-12-31")]
    [InlineData("lastmonth", "2024-03-31", "2024-02-01", "2024-02-29", "2024-01-01", "2024-01-31")]
    [InlineData("lastmonth", "2024-04-01", "2024-03-01", "2024-03-31", "2024-02-01", "2024-02-29")]
    // quarter to date against the same dates three months earlier (clamped to the shorter month's end)
    [InlineData("quarter", "2026-11-28", "2026-10-01", "2026-11-28", "2026-07-01", "2026-08-28")]
    [InlineData("quarter", "2026-01-01", "2026-01-01", "2026-01-01", "2025-10-01", "2025-10-01")]
    [InlineData("quarter", "2026-02-10", "2026-01-01", "2026-02-10", "2025-10-01", "2025-11-10")]
    [InlineData("quarter", "2024-05-31", "2024-04-01", "2024-05-31", "2024-01-01", "2024-02-29")]
    [InlineData("quarter", "2025-05-31", "2025-04-01", "2025-05-31", "2025-01-01", "2025-02-28")]
    [InlineData("quarter", "2026-09-30", "2026-07-01", "2026-09-30", "2026-04-01", "2026-06-30")]
    // last quarter: the previous whole quarter against the one before it
    [InlineData("lastquarter", "2026-11-28", "2026-07-01", "2026-09-30", "2026-04-01", "2026-06-30")]
    [InlineData("lastquarter", "2026-01-15", "2025-10-01", "2025-12-31", "2025-07-01", "2025-09-30")]
    [InlineData("lastquarter", "2026-04-01", "2026-01-01", "2026-03-31", "2025-10-01", "2025-12-31")]
    [InlineData("lastquarter", "2024-07-01", "2024-04-01", "2024-06-30", "2024-01-01", "2024-03-31")]
    public void Calendar_report_periods_compare_whole_months_and_quarters(string key, string today, string from, string to, string compareFrom, string compareTo)
    {
        var (period, problem) = Period.Parse(key, null, null, null, DateOnly.Parse(today), Period.ReportKeys);

        Assert.Null(problem);
        Assert.Equal((key, DateOnly.Parse(from), DateOnly.Parse(to)), (period!.Key, period.From, period.To));
        Assert.Equal((DateOnly.Parse(compareFrom), DateOnly.Parse(compareTo)), (period.CompareFrom, period.CompareTo));
    }

    [Fact]
    public void Last_month_in_a_leap_february_has_29_days_and_its_year_comparison_ends_on_the_28th()
    {
        var (period, _) = Period.Parse("lastmonth", "year", null, null, new DateOnly(2028, 3, 5), Period.ReportKeys);

        Assert.Equal(29, period!.Days);
        Assert.Equal((new DateOnly(2027, 2, 1), new DateOnly(2027, 2, 28)), (period.CompareFrom, period.CompareTo));
    }

    [Theory]
    [InlineData("lastmonth")]
    [InlineData("quarter")]
    [InlineData("lastquarter")]
    public void The_dashboard_does_not_take_report_only_periods(string key)
    {
        var (period, problem) = Period.Parse(key, null, null, null, new DateOnly(2026, 11, 28));

        Assert.Null(period);
        Assert.Equal($"unknown period '{key}'; valid: 7d, 30d, 90d, 12m, mtd, custom", problem);
    }

    [Theory]
    [InlineData("2026-11-28T23:30:00Z", "UTC", "2026-11-28")]
    [InlineData("2026-11-28T23:30:00Z", "Europe/Berlin", "2026-11-29")]
    [InlineData("2026-11-28T03:30:00Z", "America/Los_Angeles", "2026-11-27")]
    [InlineData("2026-11-28T03:30:00Z", "Not/AZone", "2026-11-28")]
    public void Today_is_the_workspace_time_zones_date(string now, string zone, string today) =>
        Assert.Equal(DateOnly.Parse(today), Period.Today(DateTimeOffset.Parse(now), zone));
}
