using WorkPipelines.Domain.Goals;

namespace WorkPipelines.Tests.Domain.Goals;

/// <summary>The pace rule on hand-computed cases: share of the target against the share of the period gone.</summary>
public sealed class GoalPaceTests
{
    private static readonly GoalPeriod December = GoalPeriod.Containing(new DateOnly(2026, 12, 7), GoalCadence.Month);
    private static readonly GoalPeriod Q4 = GoalPeriod.Containing(new DateOnly(2026, 12, 7), GoalCadence.Quarter);

    [Theory]
    // 620 of 1,000 with 48 % gone heads for 129 %: on track (ahead from 130 %).
    [InlineData(620, 0.48, GoalPace.OnTrack, "62 % of the monthly goal with 48 % of the month gone — on track")]
    // 400 of 1,000 halfway heads for 80 %: behind (below 95 %).
    [InlineData(400, 0.5, GoalPace.Behind, "40 % of the monthly goal with 50 % of the month gone — behind")]
    [InlineData(475, 0.5, GoalPace.OnTrack, "48 % of the monthly goal with 50 % of the month gone — on track")]
    [InlineData(474, 0.5, GoalPace.Behind, "47 % of the monthly goal with 50 % of the month gone — behind")]
    [InlineData(650, 0.5, GoalPace.Ahead, "65 % of the monthly goal with 50 % of the month gone — ahead")]
    // Reached before the end: ahead, whatever the time.
    [InlineData(1000, 0.95, GoalPace.Ahead, "100 % of the monthly goal with 95 % of the month gone — ahead")]
    public void A_sum_to_reach_is_set_against_the_time_gone(double value, double elapsed, GoalPace pace, string sentence)
    {
        var standing = GoalPaceRule.Evaluate(value, 1000, GoalDirection.AtLeast, additive: true, elapsed, December);

        Assert.Equal(pace, standing.Pace);
        Assert.Equal(sentence, standing.Sentence);
        Assert.Equal(value / 1000, standing.Share!.Value, precision: 12);
    }

    [Theory]
    // Ad spend at most 1,000 a quarter: 300 halfway heads for 60 % (ahead), 500 for 100 % (on track), 540 for 108 % (behind).
    [InlineData(300, 0.5, GoalPace.Ahead, "30 % of the quarterly limit with 50 % of the quarter gone — ahead")]
    [InlineData(500, 0.5, GoalPace.OnTrack, "50 % of the quarterly limit with 50 % of the quarter gone — on track")]
    [InlineData(540, 0.5, GoalPace.Behind, "54 % of the quarterly limit with 50 % of the quarter gone — behind")]
    // Over the limit before the end: behind for good.
    [InlineData(1010, 0.99, GoalPace.Behind, "101 % of the quarterly limit with 99 % of the quarter gone — behind")]
    public void A_sum_to_stay_under_reads_the_other_way(double value, double elapsed, GoalPace pace, string sentence)
    {
        var standing = GoalPaceRule.Evaluate(value, 1000, GoalDirection.AtMost, additive: true, elapsed, Q4);

        Assert.Equal(pace, standing.Pace);
        Assert.Equal(sentence, standing.Sentence);
    }

    [Theory]
    // Median first reply at most 240 minutes: the median so far is what it is, whatever part of the month is gone.
    [InlineData(180, GoalPace.OnTrack, "75 % of the monthly limit so far this month — on track")]
    [InlineData(252, GoalPace.OnTrack, "105 % of the monthly limit so far this month — on track")]
    [InlineData(300, GoalPace.Behind, "125 % of the monthly limit so far this month — behind")]
    [InlineData(120, GoalPace.Ahead, "50 % of the monthly limit so far this month — ahead")]
    public void A_median_to_stay_under_is_set_against_the_target_itself(double minutes, GoalPace pace, string sentence)
    {
        var standing = GoalPaceRule.Evaluate(minutes, 240, GoalDirection.AtMost, additive: false, elapsed: 0.1, December);

        Assert.Equal(pace, standing.Pace);
        Assert.Equal(sentence, standing.Sentence);
        Assert.Equal(minutes / 240, standing.Projected!.Value, precision: 12);
    }

    [Fact]
    public void No_value_has_no_pace()
    {
        var standing = GoalPaceRule.Evaluate(null, 1000, GoalDirection.AtLeast, additive: true, 0.3, December);

        Assert.Null(standing.Pace);
        Assert.Equal("No data yet this month", standing.Sentence);
    }

    [Theory]
    [InlineData(1000, GoalDirection.AtLeast, true)]
    [InlineData(999, GoalDirection.AtLeast, false)]
    [InlineData(1000, GoalDirection.AtMost, true)]
    [InlineData(1001, GoalDirection.AtMost, false)]
    public void A_past_period_met_its_goal_when_it_reached_it_or_stayed_under(double value, GoalDirection direction, bool met) =>
        Assert.Equal(met, GoalPaceRule.Met(value, 1000, direction));
}
