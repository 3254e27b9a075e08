using System.Globalization;
using WorkPipelines.Domain.Reports.Schedules;

namespace WorkPipelines.Tests.Domain.Reports;

public sealed class ScheduleClockTests
{
    [Theory]
    // Weekly in UTC: the next Monday; a slot exactly "now" is not next, a minute before it is.
    [InlineData("weekly", "monday", "08:00", "UTC", "2026-11-28T12:00:00Z", "2026-11-30T08:00:00Z")]
    [InlineData("weekly", "monday", "08:00", "UTC", "2026-11-30T08:00:00Z", "2026-12-07T08:00:00Z")]
    [InlineData("weekly", "monday", "08:00", "UTC", "2026-11-30T07:59:00Z", "2026-11-30T08:00:00Z")]
    // Year boundary.
    [InlineData("weekly", "thursday", "09:00", "UTC", "2026-12-31T10:00:00Z", "2027-01-07T09:00:00Z")]
    [InlineData("monthly", "1", "00:00", "UTC", "2026-12-15T00:00:00Z", "2027-01-01T00:00:00Z")]
    // Month ends: "last" is the 28th, 29th, 30th or 31st; the 28th exists every month.
    [InlineData("monthly", "last", "18:00", "UTC", "2027-02-10T00:00:00Z", "2027-02-28T18:00:00Z")]
    [InlineData("monthly", "last", "18:00", "UTC", "2028-02-10T00:00:00Z", "2028-02-29T18:00:00Z")]
    [InlineData("monthly", "last", "18:00", "UTC", "2026-04-30T18:00:00Z", "2026-05-31T18:00:00Z")]
    [InlineData("monthly", "28", "06:00", "UTC", "2027-02-28T06:00:00Z", "2027-03-28T06:00:00Z")]
    // The workspace's zone: Berlin winter (+1) and summer (+2).
    [InlineData("weekly", "monday", "08:00", "Europe/Berlin", "2026-11-28T00:00:00Z", "2026-11-30T07:00:00Z")]
    [InlineData("weekly", "monday", "08:00", "Europe/Berlin", "2027-06-01T00:00:00Z", "2027-06-07T06:00:00Z")]
    // The local date differs from the UTC date: Auckland is already on Monday, New York still on Sunday.
    [InlineData("weekly", "monday", "08:00", "Pacific/Auckland", "2026-11-29T12:00:00Z", "2026-11-29T19:00:00Z")]
    [InlineData("weekly", "sunday", "22:00", "America/New_York", "2026-11-30T02:00:00Z", "2026-11-30T03:00:00Z")]
    // Spring forward: 02:30 does not exist on 28 Mar 2027 in Berlin; it runs at 03:30 CEST (01:30Z), the next week at 02:30 CEST again.
    [InlineData("weekly", "sunday", "02:30", "Europe/Berlin", "2027-03-27T12:00:00Z", "2027-03-28T01:30:00Z")]
    [InlineData("weekly", "sunday", "02:30", "Europe/Berlin", "2027-03-28T01:30:00Z", "2027-04-04T00:30:00Z")]
    [InlineData("monthly", "14", "02:15", "America/New_York", "2027-03-01T00:00:00Z", "2027-03-14T07:15:00Z")]
    // Fall back: 02:30 happens twice on 31 Oct 2027 in Berlin; it runs at the first (CEST, 00:30Z) and not again an hour later.
    [InlineData("weekly", "sunday", "02:30", "Europe/Berlin", "2027-10-30T12:00:00Z", "2027-10-31T00:30:00Z")]
    [InlineData("weekly", "sunday", "02:30", "Europe/Berlin", "2027-10-31T00:30:00Z", "2027-11-07T01:30:00Z")]
    [InlineData("monthly", "7", "01:30", "America/New_York", "2027-11-01T00:00:00Z", "2027-11-07T05:30:00Z")]
    public void Next_slot_is_the_first_wall_clock_time_after_now_in_the_workspace_zone(
        string cadence, string day, string time, string zone, string after, string expected)
    {
        var schedule = new ReportSchedule { PeriodKey = "" };
        Assert.Null(ReportScheduleService.Apply(schedule, new ReportScheduleInput("Executive", "7d", cadence, day, time)));

        var next = ScheduleClock.NextAfter(schedule, TimeZoneInfo.FindSystemTimeZoneById(zone), Instant(after));

        Assert.Equal(Instant(expected), next);
        Assert.Equal(TimeSpan.Zero, next.Offset);
    }

    [Fact]
    public void Every_slot_of_a_year_in_a_DST_zone_is_a_week_apart_in_local_days_and_fires_once()
    {
        var schedule = new ReportSchedule { PeriodKey = "" };
        ReportScheduleService.Apply(schedule, new ReportScheduleInput("Revenue", "7d", "weekly", "sunday", "02:30"));
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var slots = new List<DateTimeOffset>();
        for (var at = Instant("2027-01-01T00:00:00Z"); slots.Count < 53; at = slots[^1]) slots.Add(ScheduleClock.NextAfter(schedule, berlin, at));
        var localDays = slots.Select(s => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s, berlin).DateTime)).ToList();

        Assert.All(localDays.Zip(localDays.Skip(1)), pair => Assert.Equal(7, pair.Second.DayNumber - pair.First.DayNumber));
        Assert.All(localDays, d => Assert.Equal(DayOfWeek.Sunday, d.DayOfWeek));
        Assert.Equal(52, slots.Count(s => TimeZoneInfo.ConvertTime(s, berlin).TimeOfDay == new TimeSpan(2, 30, 0)));
    }

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
