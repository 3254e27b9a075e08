using WorkPipelines.Domain.Goals;
using WorkPipelines.Domain.Metrics;

namespace WorkPipelines.Tests.Domain.Goals;

/// <summary>What a goal may be set to, and the problems that say what is valid.</summary>
public sealed class GoalInputTests
{
    [Theory]
    [InlineData(0.0, "target 0 is not possible; give a number greater than 0")]
    [InlineData(-5.0, "target -5 is not possible; give a number greater than 0")]
    [InlineData(2e12, "target 2000000000000 is too large; at most 1000000000000")]
    public void A_target_must_be_above_zero(double target, string problem) =>
        Assert.Equal(problem, GoalService.Apply(NewGoal(), new GoalInput("traffic.sessions", target, "month")));

    [Fact]
    public void Unknown_metric_cadence_and_direction_name_what_is_valid()
    {
        Assert.Equal($"unknown metric 'visits'; valid: {MetricCatalogue.Keys}", GoalService.Apply(NewGoal(), new GoalInput("visits", 10, "month")));
        Assert.Equal("unknown cadence 'week'; valid: month, quarter", GoalService.Apply(NewGoal(), new GoalInput("traffic.sessions", 10, "week")));
        Assert.Equal("unknown direction 'below'; valid: at_least, at_most", GoalService.Apply(NewGoal(), new GoalInput("traffic.sessions", 10, "month", "below")));
        Assert.Equal("target 5 is not a rate; give a fraction between 0 and 1 (0.05 = 5 %)", GoalService.Apply(NewGoal(), new GoalInput("traffic.engagement", 5, "month")));
        Assert.Contains("revenue, ad_spend, mer, customers, cac, revenue.gross", MetricCatalogue.Keys);
        Assert.Contains("support.first_reply", MetricCatalogue.Keys);
    }

    [Theory]
    [InlineData("cac", null, GoalDirection.AtMost)]
    [InlineData("support.first_reply", null, GoalDirection.AtMost)]
    [InlineData("revenue", null, GoalDirection.AtLeast)]
    [InlineData("traffic.sessions", "at_most", GoalDirection.AtMost)]
    [InlineData("cac", "At least", GoalDirection.AtLeast)]
    public void Lower_is_better_metrics_default_to_at_most(string metric, string? direction, GoalDirection expected)
    {
        var goal = NewGoal();

        Assert.Null(GoalService.Apply(goal, new GoalInput(metric, 10, "Quarter", direction)));
        Assert.Equal((expected, GoalCadence.Quarter, metric), (goal.Direction, goal.Cadence, goal.Metric));
    }

    [Theory]
    [InlineData("revenue", true)]
    [InlineData("revenue.net", true)]
    [InlineData("traffic.sessions", true)]
    [InlineData("support.backlog", true)]
    [InlineData("cac", false)]
    [InlineData("mer", false)]
    [InlineData("traffic.engagement", false)]
    [InlineData("support.first_reply", false)]
    [InlineData("social.followers", false)]
    [InlineData("revenue.mrr", false)]
    public void Sums_of_days_are_told_from_rates_medians_and_levels(string key, bool additive) =>
        Assert.Equal(additive, MetricCatalogue.Find(key)!.Additive);

    private static Goal NewGoal() => new() { Metric = "" };
}
