using System.Globalization;

namespace WorkPipelines.Domain.Goals;

/// <summary>A calendar month or quarter (whole days, inclusive) in the workspace's time zone.</summary>
public sealed record GoalPeriod(GoalCadence Cadence, DateOnly From, DateOnly To)
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");

    /// <summary>The month or quarter <paramref name="day"/> falls in.</summary>
    public static GoalPeriod Containing(DateOnly day, GoalCadence cadence)
    {
        var month = cadence == GoalCadence.Month ? day.Month : (day.Month - 1) / 3 * 3 + 1;
        var from = new DateOnly(day.Year, month, 1);
        return new GoalPeriod(cadence, from, from.AddMonths(cadence == GoalCadence.Month ? 1 : 3).AddDays(-1));
    }

    /// <summary>The month or quarter in progress at <paramref name="now"/> in <paramref name="zone"/>.</summary>
    public static GoalPeriod Current(DateTimeOffset now, TimeZoneInfo zone, GoalCadence cadence) =>
        Containing(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime), cadence);

    public GoalPeriod Previous => Containing(From.AddDays(-1), Cadence);

    /// <summary>"December 2026", "Q4 2026".</summary>
    public string Name => Cadence == GoalCadence.Month ? From.ToString("MMMM yyyy", Culture) : $"Q{(From.Month - 1) / 3 + 1} {From.Year}";

    /// <summary>"Dec", "Q4": for a chart's axis, where six of them must fit a phone (the tooltip gives <see cref="Name"/>).</summary>
    public string ShortName => Cadence == GoalCadence.Month ? From.ToString("MMM", Culture) : $"Q{(From.Month - 1) / 3 + 1}";

    /// <summary>"month", "quarter": for sentences.</summary>
    public string Noun => Cadence == GoalCadence.Month ? "month" : "quarter";

    /// <summary>
    /// How much of the period has gone by at <paramref name="now"/>, 0 to 1, measured in real time between the local
    /// midnights that open and close it (a month with a daylight-saving change is an hour shorter or longer).
    /// </summary>
    public double Elapsed(DateTimeOffset now, TimeZoneInfo zone)
    {
        var start = Midnight(From, zone);
        var end = Midnight(To.AddDays(1), zone);
        return Math.Clamp((now - start) / (end - start), 0, 1);
    }

    /// <summary>The instant a day starts in <paramref name="zone"/>; where midnight is skipped (a DST jump at 00:00), the first hour that exists.</summary>
    public static DateTimeOffset Midnight(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        // An ambiguous midnight (clocks go back over it) is taken at its first occurrence, the standard-offset rule's larger offset.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
