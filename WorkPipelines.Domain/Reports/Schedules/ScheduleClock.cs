namespace WorkPipelines.Domain.Reports.Schedules;

/// <summary>
/// When a schedule fires next. Slots are wall-clock times in the workspace's zone; a time that does
/// not exist on a day (spring forward) fires at the same instant it would have without the jump (02:30
/// becomes 03:30), a time that happens twice (fall back) fires at its first occurrence, once.
/// </summary>
public static class ScheduleClock
{
    /// <summary>The first slot strictly after <paramref name="after"/>.</summary>
    public static DateTimeOffset NextAfter(ReportCadence cadence, DayOfWeek? dayOfWeek, int? dayOfMonth, TimeOnly time, TimeZoneInfo zone, DateTimeOffset after)
    {
        // Start a day early: a slot late on the previous local date can still be after an instant early today.
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, zone).DateTime).AddDays(-1);
        for (var i = 0; i < 400; i++, day = day.AddDays(1))
        {
            if (!Matches(cadence, dayOfWeek, dayOfMonth, day)) continue;
            var slot = ToInstant(day.ToDateTime(time), zone);
            if (slot > after) return slot;
        }
        throw new InvalidOperationException($"no {cadence} slot within 400 days of {after:O}");
    }

    public static DateTimeOffset NextAfter(ReportSchedule schedule, TimeZoneInfo zone, DateTimeOffset after) =>
        NextAfter(schedule.Cadence, schedule.DayOfWeek, schedule.DayOfMonth, schedule.TimeOfDay, zone, after);

    /// <summary>The workspace's zone, or UTC when the stored name is unknown on this machine.</summary>
    public static TimeZoneInfo Zone(string? timeZone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZone ?? "", out var zone) ? zone : TimeZoneInfo.Utc;

    private static bool Matches(ReportCadence cadence, DayOfWeek? dayOfWeek, int? dayOfMonth, DateOnly day) => cadence switch
    {
        ReportCadence.Weekly => day.DayOfWeek == dayOfWeek,
        _ when dayOfMonth == ReportSchedule.LastDayOfMonth => day.Day == DateTime.DaysInMonth(day.Year, day.Month),
        _ => day.Day == dayOfMonth,
    };

    /// <summary>A local wall-clock time as an instant, resolving gaps and overlaps as described on the class.</summary>
    internal static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
            offset = zone.GetUtcOffset(local.AddDays(-1)); // the offset before the jump: the slot moves forward by the gap
        else if (zone.IsAmbiguousTime(local))
            offset = zone.GetAmbiguousTimeOffsets(local).Max(); // the larger offset is the earlier instant
        else
            offset = zone.GetUtcOffset(local);
        return new DateTimeOffset(local - offset, TimeSpan.Zero);
    }
}
