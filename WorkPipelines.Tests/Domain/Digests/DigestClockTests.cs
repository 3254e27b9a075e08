using WorkPipelines.Domain.Digests;

namespace WorkPipelines.Tests.Domain.Digests;

public sealed class DigestClockTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    // Daily at 08:00 Berlin: before 08:00 local it is today, after it tomorrow (07:00 UTC in winter).
    [InlineData(DigestCadence.Daily, DayOfWeek.Monday, "2026-12-08T06:59:00Z", "2026-12-08T07:00:00Z")]
    [InlineData(DigestCadence.Daily, DayOfWeek.Monday, "2026-12-08T07:00:00Z", "2026-12-09T07:00:00Z")]
    // Weekly on Monday: from a Tuesday, the next Monday.
    [InlineData(DigestCadence.Weekly, DayOfWeek.Monday, "2026-12-08T12:00:00Z", "2026-12-14T07:00:00Z")]
    // Across the spring change (29 March 2026): 08:00 is 06:00 UTC from then on.
    [InlineData(DigestCadence.Daily, DayOfWeek.Monday, "2026-03-28T08:00:00Z", "2026-03-29T06:00:00Z")]
    public void The_next_slot_is_the_local_hour_in_the_workspaces_zone(DigestCadence cadence, DayOfWeek day, string after, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), DigestClock.NextAfter(cadence, day, 8, Berlin, DateTimeOffset.Parse(after)));

    [Fact]
    public void A_digest_covers_the_last_whole_day_or_week_against_the_one_before()
    {
        var today = new DateOnly(2026, 12, 8);
        Assert.Equal(((new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 7)), (new DateOnly(2026, 12, 6), new DateOnly(2026, 12, 6))),
            DigestClock.Covers(DigestCadence.Daily, today));
        Assert.Equal(((new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 7)), (new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 30))),
            DigestClock.Covers(DigestCadence.Weekly, today));
    }
}
