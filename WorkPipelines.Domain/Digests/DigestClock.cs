using WorkPipelines.Domain.Reports.Schedules;

namespace WorkPipelines.Domain.Digests;

/// <summary>When a digest is due next, and which days it covers. Local hours resolve through DST as report schedules do.</summary>
public static class DigestClock
{
    /// <summary>The first slot strictly after <paramref name="after"/>: the digest's local hour, every day or on its weekday.</summary>
    public static DateTimeOffset NextAfter(DigestCadence cadence, DayOfWeek dayOfWeek, int hour, TimeZoneInfo zone, DateTimeOffset after)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, zone).DateTime).AddDays(-1);
        for (var i = 0; i < 10; i++, day = day.AddDays(1))
        {
            if (cadence == DigestCadence.Weekly && day.DayOfWeek != dayOfWeek) continue;
            var slot = ScheduleClock.ToInstant(day.ToDateTime(new TimeOnly(hour, 0)), zone);
            if (slot > after) return slot;
        }
        throw new InvalidOperationException($"no digest slot within 10 days of {after:O}");
    }

    /// <summary>
    /// The days a digest sent on <paramref name="today"/> covers and the ones it compares with: daily, yesterday against the day
    /// before; weekly, the last seven whole days against the seven before.
    /// </summary>
    public static ((DateOnly From, DateOnly To) Period, (DateOnly From, DateOnly To) Before) Covers(DigestCadence cadence, DateOnly today)
    {
        var length = cadence == DigestCadence.Daily ? 1 : 7;
        var to = today.AddDays(-1);
        var from = to.AddDays(1 - length);
        return ((from, to), (from.AddDays(-length), from.AddDays(-1)));
    }
}
