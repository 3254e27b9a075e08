using WorkPipelines.Domain.Alerts;
using WorkPipelines.Domain.Metrics;

namespace WorkPipelines.Tests.Domain.Alerts;

public sealed class AlertEvaluatorTests
{
    private static readonly DateOnly Day = new(2026, 12, 8); // a Tuesday
    private static readonly MetricEntry Cac = MetricCatalogue.Find("cac")!;
    private static readonly MetricEntry Sessions = MetricCatalogue.Find("traffic.sessions")!;
    private static readonly MetricEntry OpenRate = MetricCatalogue.Find("email.open_rate")!;

    [Fact]
    public void A_threshold_over_days_asks_for_each_day_newest_first_and_needs_every_one()
    {
        var rule = new AlertRule { Name = "CAC high", Metric = "cac", Condition = AlertCondition.Threshold, Direction = AlertDirection.Above, Value = 90, Days = 3 };
        Assert.Equal([(Day, Day), (Day.AddDays(-1), Day.AddDays(-1)), (Day.AddDays(-2), Day.AddDays(-2))], AlertEvaluator.RangesFor(rule, Day));

        var outcome = AlertEvaluator.Evaluate(rule, Cac, Day, [120, 95, 100], "USD");

        Assert.Equal((120.0, "CAC was above 90.00 USD on each of the last 3 days (120.00 USD on Tue Dec 8)."), (outcome?.Value, outcome?.Message));
        Assert.Null(AlertEvaluator.Evaluate(rule, Cac, Day, [120, 90, 100], "USD"));   // 90 is not above 90
        Assert.Null(AlertEvaluator.Evaluate(rule, Cac, Day, [120, null, 100], "USD")); // a day without data breaks the run
        var below = new AlertRule { Name = "CAC low", Metric = "cac", Direction = AlertDirection.Below, Value = 50 };
        Assert.Equal("CAC was 40.00 EUR on Tue Dec 8, below 50.00 EUR.", AlertEvaluator.Evaluate(below, Cac, Day, [40], "EUR")?.Message);
    }

    [Fact]
    public void A_change_compares_the_window_with_the_one_before_it()
    {
        var rule = new AlertRule { Name = "Traffic drop", Metric = Sessions.Key, Condition = AlertCondition.Change, Direction = AlertDirection.Below, Value = 25, Days = 7 };
        Assert.Equal([(Day.AddDays(-6), Day), (Day.AddDays(-13), Day.AddDays(-7))], AlertEvaluator.RangesFor(rule, Day));

        Assert.Equal("Traffic: Sessions fell 30 % over the 7 days to Tue Dec 8: 700 against 1,000 the 7 days before.",
            AlertEvaluator.Evaluate(rule, Sessions, Day, [700, 1000], "USD")?.Message);
        Assert.Null(AlertEvaluator.Evaluate(rule, Sessions, Day, [760, 1000], "USD"));     // -24 %
        Assert.Null(AlertEvaluator.Evaluate(rule, Sessions, Day, [700, 0], "USD"));        // nothing to compare with
        var up = new AlertRule { Name = "Surge", Metric = Sessions.Key, Condition = AlertCondition.Change, Direction = AlertDirection.Above, Value = 50, Days = 1 };
        Assert.Equal("Traffic: Sessions rose 50 % on Tue Dec 8: 1,500 against 1,000 the day before.", AlertEvaluator.Evaluate(up, Sessions, Day, [1500, 1000], "USD")?.Message);
        Assert.Null(AlertEvaluator.Evaluate(up, Sessions, Day, [700, 1000], "USD"));
    }

    [Fact]
    public void An_anomaly_reads_the_same_weekday_and_names_the_expected_range()
    {
        var rule = new AlertRule { Name = "Unusual traffic", Metric = Sessions.Key, Condition = AlertCondition.Anomaly, Direction = AlertDirection.Either };
        var ranges = AlertEvaluator.RangesFor(rule, Day);
        Assert.Equal(1 + AnomalyDetector.Weeks, ranges.Count);
        Assert.All(ranges, r => Assert.Equal((DayOfWeek.Tuesday, r.From), (r.From.DayOfWeek, r.To)));
        // Tuesdays before: see AnomalyDetectorTests (1995 ± 133.43 at medium).
        double?[] tuesdays = [2000, 1990, 2010, 1970, 2030, 1950, 2060, 600];

        var outcome = AlertEvaluator.Evaluate(rule, Sessions, Day, [1200, .. tuesdays], "USD");

        Assert.NotNull(outcome);
        Assert.Equal((1200.0, 1995 - 3 * 1.4826 * 30, 1995 + 3 * 1.4826 * 30), (outcome.Value!.Value, outcome.ExpectedLow!.Value, outcome.ExpectedHigh!.Value));
        Assert.Equal("Traffic: Sessions was 1,200 on Tue Dec 8, below the expected 1,862–2,128 (usually 1,995 on a Tuesday, from the last 8 Tuesdays).", outcome.Message);
        Assert.Null(AlertEvaluator.Evaluate(rule, Sessions, Day, [2050, .. tuesdays], "USD"));
        Assert.Null(AlertEvaluator.Evaluate(rule, Sessions, Day, [1200, 2000, 1990, 2010, null, null, null, null, null], "USD")); // 3 weeks: too little
    }

    [Fact]
    public void A_rate_is_judged_as_a_fraction_and_told_in_percent()
    {
        var below = new AlertRule { Name = "Opens low", Metric = OpenRate.Key, Direction = AlertDirection.Below, Value = 0.20 };

        Assert.Equal("Email: Open rate was 15 % on Tue Dec 8, below 20 %.", AlertEvaluator.Evaluate(below, OpenRate, Day, [0.15], "USD")?.Message);
        Assert.Null(AlertEvaluator.Evaluate(new AlertRule { Name = "x", Metric = OpenRate.Key, Direction = AlertDirection.Below, Value = 0.15 }, OpenRate, Day, [0.15], "USD"));
    }
}
