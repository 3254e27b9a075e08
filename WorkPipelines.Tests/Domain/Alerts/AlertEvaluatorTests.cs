using WorkPipelines.Domain.Alerts;

namespace WorkPipelines.Tests.Domain.Alerts;

public sealed class AlertEvaluatorTests
{
    private static readonly DateOnly Day = new(2026, 12, 8); // a Tuesday

    private static KpiDays Days(AlertMetric metric, Dictionary<DateOnly, Dictionary<string, double>> days) => new(metric, days, new Dictionary<string, double>());

    private static Dictionary<DateOnly, Dictionary<string, double>> Series(string name, params (int DaysAgo, double Value)[] values) =>
        values.ToDictionary(v => Day.AddDays(-v.DaysAgo), v => new Dictionary<string, double> { [name] = v.Value });

    [Fact]
    public void Cac_is_the_days_spend_over_the_days_new_customers_and_a_threshold_needs_every_day_of_the_run()
    {
        var cac = AlertMetrics.Find("blended.cac")!;
        // CAC per day: 100, 95, 120 (spend / customers), over three days.
        var days = new Dictionary<DateOnly, Dictionary<string, double>>
        {
            [Day.AddDays(-2)] = new() { ["ads.spend"] = 300, ["customers.new"] = 3 },
            [Day.AddDays(-1)] = new() { ["ads.spend"] = 190, ["customers.new"] = 2 },
            [Day] = new() { ["ads.spend"] = 480, ["customers.new"] = 4 },
        };
        var rule = new AlertRule { Name = "CAC high", Metric = cac.Key, Condition = AlertCondition.Threshold, Direction = AlertDirection.Above, Value = 90, Days = 3 };

        var outcome = AlertEvaluator.Evaluate(rule, cac, Days(cac, days), Day, "USD");

        Assert.NotNull(outcome);
        Assert.Equal(120, outcome.Value);
        Assert.Equal("CAC was above 90.00 USD on each of the last 3 days (120.00 USD on Tue Dec 8).", outcome.Message);
        // 95 on the middle day is not above 96: the run is broken.
        Assert.Null(AlertEvaluator.Evaluate(new AlertRule { Name = "x", Metric = cac.Key, Value = 96, Days = 3 }, cac, Days(cac, days), Day, "USD"));
        // A day without data breaks it too.
        days.Remove(Day.AddDays(-1));
        Assert.Null(AlertEvaluator.Evaluate(rule, cac, Days(cac, days), Day, "USD"));
    }

    [Fact]
    public void A_change_compares_the_window_with_the_one_before_it()
    {
        var sessions = AlertMetrics.Find("traffic.sessions")!;
        // Last 7 days 700 in all (100 a day), the 7 before 1,000 (about 143 a day): -30 %.
        var values = Series("traffic.sessions", [.. Enumerable.Range(0, 7).Select(i => (i, 100.0)), .. Enumerable.Range(7, 7).Select(i => (i, 1000.0 / 7))]);
        var rule = new AlertRule { Name = "Traffic drop", Metric = sessions.Key, Condition = AlertCondition.Change, Direction = AlertDirection.Below, Value = 25, Days = 7 };

        var outcome = AlertEvaluator.Evaluate(rule, sessions, Days(sessions, values), Day, "USD");

        Assert.Equal("Traffic: Sessions fell 30 % over the 7 days to Tue Dec 8: 700 against 1,000 the 7 days before.", outcome?.Message);
        Assert.Null(AlertEvaluator.Evaluate(new AlertRule { Name = "x", Metric = sessions.Key, Condition = AlertCondition.Change, Direction = AlertDirection.Below, Value = 31, Days = 7 },
            sessions, Days(sessions, values), Day, "USD"));
        Assert.Null(AlertEvaluator.Evaluate(new AlertRule { Name = "x", Metric = sessions.Key, Condition = AlertCondition.Change, Direction = AlertDirection.Above, Value = 25, Days = 7 },
            sessions, Days(sessions, values), Day, "USD"));
    }

    [Fact]
    public void An_anomaly_names_the_expected_range_from_the_same_weekday()
    {
        var sessions = AlertMetrics.Find("traffic.sessions")!;
        // Tuesdays before: 2,000 … 600 (see AnomalyDetectorTests); other weekdays at 5,000, which must not count.
        double[] tuesdays = [2000, 1990, 2010, 1970, 2030, 1950, 2060, 600];
        var values = Series("traffic.sessions", [(0, 1200), .. tuesdays.Select((v, i) => (7 * (i + 1), v)), .. Enumerable.Range(1, 6).Select(i => (i, 5000.0))]);
        var rule = new AlertRule { Name = "Unusual traffic", Metric = sessions.Key, Condition = AlertCondition.Anomaly, Direction = AlertDirection.Either, Sensitivity = AlertSensitivity.Medium };

        var outcome = AlertEvaluator.Evaluate(rule, sessions, Days(sessions, values), Day, "USD");

        Assert.NotNull(outcome);
        Assert.Equal((1200.0, 1995 - 3 * 1.4826 * 30, 1995 + 3 * 1.4826 * 30), (outcome.Value!.Value, outcome.ExpectedLow!.Value, outcome.ExpectedHigh!.Value));
        Assert.Equal("Traffic: Sessions was 1,200 on Tue Dec 8, below the expected 1,862–2,128 (usually 1,995 on a Tuesday, from the last 8 Tuesdays).", outcome.Message);
        values[Day]["traffic.sessions"] = 2050;
        Assert.Null(AlertEvaluator.Evaluate(rule, sessions, Days(sessions, values), Day, "USD"));
    }

    [Fact]
    public void A_percentage_metric_is_judged_in_percent()
    {
        var openRate = AlertMetrics.Find("email.open_rate")!;
        var values = new Dictionary<DateOnly, Dictionary<string, double>> { [Day] = new() { ["email.opens"] = 150, ["email.sends"] = 1000 } };
        var below = new AlertRule { Name = "Opens low", Metric = openRate.Key, Direction = AlertDirection.Below, Value = 20 };

        Assert.Equal("Email: Open rate was 15 % on Tue Dec 8, below 20 %.", AlertEvaluator.Evaluate(below, openRate, Days(openRate, values), Day, "USD")?.Message);
        Assert.Null(AlertEvaluator.Evaluate(new AlertRule { Name = "x", Metric = openRate.Key, Direction = AlertDirection.Below, Value = 15 }, openRate, Days(openRate, values), Day, "USD"));
    }

    [Fact]
    public void Every_dashboard_tile_is_an_alert_metric_with_a_unique_key()
    {
        Assert.Equal(AlertMetrics.All.Count, AlertMetrics.All.Select(m => m.Key).Distinct().Count());
        Assert.Contains(AlertMetrics.All, m => m.Key == "support.first_reply" && m.Sources.SequenceEqual(["zendesk"]));
        Assert.Equal(["meta", "shopify", "stripe"], AlertMetrics.Find("blended.cac")!.Sources.Order());
    }
}
