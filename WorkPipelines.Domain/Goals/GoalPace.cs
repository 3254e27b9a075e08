using System.Globalization;

namespace WorkPipelines.Domain.Goals;

/// <summary>Where a goal stands against the part of its period that has gone by.</summary>
public enum GoalPace { OnTrack, Behind, Ahead }

/// <summary>A goal's standing in its current period.</summary>
/// <param name="Share">The value as a share of the target (0.62 = 62 %); null without a value.</param>
/// <param name="Elapsed">The share of the period gone by (0.48 = 48 %).</param>
/// <param name="Projected">What the share is heading for: for a sum, the share reached divided by the share of time gone; for a rate,
/// level or median, the share itself. Null without a value.</param>
/// <param name="Sentence">"62 % of the monthly goal with 48 % of the month gone — on track".</param>
public sealed record GoalStanding(double? Share, double Elapsed, double? Projected, GoalPace? Pace, string Sentence);

/// <summary>
/// The pace rule. A goal to reach (at least) is behind when it heads for less than 95 % of its target, ahead from 130 %, on track in
/// between, and ahead once reached. A limit (at most) reads the other way: behind above 105 %, ahead at 70 % or below, and behind
/// once passed. Sums grow through the period, so their share is set against the time gone; rates, levels and medians are already
/// what they are, and are set against the target itself.
/// </summary>
public static class GoalPaceRule
{
    public const double BehindBelow = 0.95, AheadFrom = 1.30, LimitBehindAbove = 1.05, LimitAheadAtOrBelow = 0.70;

    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static GoalStanding Evaluate(double? value, double target, GoalDirection direction, bool additive, double elapsed, GoalPeriod period)
    {
        var goal = direction == GoalDirection.AtLeast ? "goal" : "limit";
        var adjective = period.Cadence == GoalCadence.Month ? "monthly" : "quarterly";
        if (value is not { } v)
            return new GoalStanding(null, elapsed, null, null, $"No data yet this {period.Noun}");

        var share = v / target;
        double projected;
        if (!additive) projected = share;
        else if (elapsed > 0) projected = share / elapsed;
        else projected = share == 0 ? 1 : double.PositiveInfinity; // the first instant of a period: nothing could have happened yet

        var pace = direction == GoalDirection.AtLeast
            ? additive && share >= 1 ? GoalPace.Ahead : projected >= AheadFrom ? GoalPace.Ahead : projected >= BehindBelow ? GoalPace.OnTrack : GoalPace.Behind
            : additive && share > 1 ? GoalPace.Behind : projected > LimitBehindAbove ? GoalPace.Behind : projected <= LimitAheadAtOrBelow ? GoalPace.Ahead : GoalPace.OnTrack;

        var words = Words(pace);
        var sentence = additive
            ? $"{Percent(share)} of the {adjective} {goal} with {Percent(elapsed)} of the {period.Noun} gone — {words}"
            : $"{Percent(share)} of the {adjective} {goal} so far this {period.Noun} — {words}";
        return new GoalStanding(share, elapsed, projected, pace, sentence);
    }

    /// <summary>Whether a whole past period met the goal.</summary>
    public static bool? Met(double? value, double target, GoalDirection direction) =>
        value is not { } v ? null : direction == GoalDirection.AtLeast ? v >= target : v <= target;

    /// <summary>"62 %": whole percent, with the space the product writes.</summary>
    public static string Percent(double share) => double.IsFinite(share) ? $"{Math.Round(share * 100).ToString("0", Culture)} %" : "–";

    /// <summary>"on track", "behind", "ahead".</summary>
    public static string Words(GoalPace pace) => pace switch { GoalPace.OnTrack => "on track", GoalPace.Behind => "behind", _ => "ahead" };
}
