using System.Globalization;
using WorkPipelines.Domain.Metrics.Dashboard;

namespace WorkPipelines.Domain.Alerts;

/// <summary>What a rule found on a day: the value, the expected range (anomaly) and the sentence that tells it.</summary>
public sealed record AlertOutcome(double? Value, double? ExpectedLow, double? ExpectedHigh, string Message);

/// <summary>
/// Judges one rule on one day from the metric's daily values. Values and thresholds are in the unit the dashboard
/// shows (a percentage metric in %: 2.5 means 2.5 %). Pure: no clock, no database.
/// </summary>
public static class AlertEvaluator
{
    private static readonly CultureInfo Words = CultureInfo.GetCultureInfo("en-US");

    /// <summary>The outcome when the rule fires on <paramref name="day"/>; null when it does not (or there is too little data).</summary>
    public static AlertOutcome? Evaluate(AlertRule rule, AlertMetric metric, KpiDays values, DateOnly day, string currency) => rule.Condition switch
    {
        AlertCondition.Threshold => Threshold(rule, metric, values, day, currency),
        AlertCondition.Change => Change(rule, metric, values, day, currency),
        AlertCondition.Anomaly => Anomaly(rule, metric, values, day, currency),
        _ => null,
    };

    private static AlertOutcome? Threshold(AlertRule rule, AlertMetric metric, KpiDays values, DateOnly day, string currency)
    {
        var days = Enumerable.Range(0, Math.Max(1, rule.Days)).Select(i => Shown(metric, values.On(day.AddDays(-i)))).ToList();
        if (days.Any(v => v is null || (rule.Direction == AlertDirection.Below ? v >= rule.Value : v <= rule.Value))) return null;
        var side = rule.Direction == AlertDirection.Below ? "below" : "above";
        var limit = Format(metric, rule.Value, currency);
        var message = rule.Days <= 1
            ? $"{metric.Label} was {Format(metric, days[0]!.Value, currency)} on {DayName(day)}, {side} {limit}."
            : $"{metric.Label} was {side} {limit} on each of the last {rule.Days} days ({Format(metric, days[0]!.Value, currency)} on {DayName(day)}).";
        return new AlertOutcome(days[0], null, null, message);
    }

    private static AlertOutcome? Change(AlertRule rule, AlertMetric metric, KpiDays values, DateOnly day, string currency)
    {
        var length = Math.Max(1, rule.Days);
        var current = Shown(metric, values.Over(day.AddDays(1 - length), day));
        var previous = Shown(metric, values.Over(day.AddDays(1 - 2 * length), day.AddDays(-length)));
        if (current is not { } now || previous is not { } before || before == 0) return null;

        var percent = (now - before) / Math.Abs(before) * 100;
        var fires = rule.Direction switch
        {
            AlertDirection.Above => percent >= rule.Value,
            AlertDirection.Below => percent <= -rule.Value,
            _ => Math.Abs(percent) >= rule.Value,
        };
        if (!fires) return null;
        var window = length == 1 ? $"on {DayName(day)}" : $"over the {length} days to {DayName(day)}";
        var verb = percent >= 0 ? "rose" : "fell";
        return new AlertOutcome(now, null, null,
            $"{metric.Label} {verb} {Math.Abs(percent).ToString("0.#", Words)} % {window}: {Format(metric, now, currency)} against {Format(metric, before, currency)} the {(length == 1 ? "day" : $"{length} days")} before.");
    }

    private static AlertOutcome? Anomaly(AlertRule rule, AlertMetric metric, KpiDays values, DateOnly day, string currency)
    {
        if (Shown(metric, values.On(day)) is not { } value) return null;
        var history = Enumerable.Range(1, AnomalyDetector.Weeks).Select(w => Shown(metric, values.On(day.AddDays(-7 * w)))).OfType<double>().ToList();
        if (AnomalyDetector.Expected(history, rule.Sensitivity) is not { } range) return null;
        if (!AnomalyDetector.IsOutside(value, range, rule.Direction)) return null;

        var weekday = day.DayOfWeek.ToString();
        var low = Math.Max(0, range.Low);
        return new AlertOutcome(value, low, range.High,
            $"{metric.Label} was {Format(metric, value, currency)} on {DayName(day)}, {(value > range.High ? "above" : "below")} the expected " +
            $"{Format(metric, low, currency)}–{Format(metric, range.High, currency)} (usually {Format(metric, range.Usual, currency)} on a {weekday}, " +
            $"from the last {history.Count} {weekday}s).");
    }

    /// <summary>A value in the unit the dashboard shows: percentages as %, the rest as they are.</summary>
    public static double? Shown(AlertMetric metric, double? value) => metric.Kpi.Format == KpiFormat.Percent ? value * 100 : value;

    /// <summary>A shown value in words: "1,204", "3.4 %", "42 min", "95.10 USD".</summary>
    public static string Format(AlertMetric metric, double value, string currency) => metric.Kpi.Format switch
    {
        KpiFormat.Money => $"{value.ToString("N2", Words)} {currency}",
        KpiFormat.Percent => $"{value.ToString("0.#", Words)} %",
        KpiFormat.Minutes => $"{value.ToString("N0", Words)} min",
        // Counts in the hundreds and more read best whole (a range of sessions "1,862–2,128"); small ratios (ROAS 3.25) keep cents.
        _ => value.ToString(Math.Abs(value) >= 100 || Math.Abs(value - Math.Round(value)) < 1e-9 ? "N0" : "N2", Words),
    };

    private static string DayName(DateOnly day) => day.ToString("ddd MMM d", Words);
}
