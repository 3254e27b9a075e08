using System.Globalization;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;

namespace WorkPipelines.Domain.Alerts;

/// <summary>What a rule found on a day: the value, the expected range (anomaly) and the sentence that tells it.</summary>
public sealed record AlertOutcome(double? Value, double? ExpectedLow, double? ExpectedHigh, string Message);

/// <summary>
/// Judges one rule on one day from the metric's values over the ranges it asks for (<see cref="RangesFor"/>, read in one go by
/// the <see cref="MetricReader"/>, exactly as the dashboard's tile computes them: a day's CAC is that day's spend over that
/// day's new customers). Values and thresholds are in the metric's own unit, as goals take them (money in its currency,
/// minutes, a fraction for rates: 0.025 is 2.5 %). Pure: no clock, no database.
/// </summary>
public static class AlertEvaluator
{
    private static readonly CultureInfo Words = CultureInfo.GetCultureInfo("en-US");

    /// <summary>
    /// The ranges the rule needs on <paramref name="day"/>: threshold, each of its last N days (newest first); change, the
    /// window and the one before it; anomaly, the day and the same weekday of each of the last weeks (newest first).
    /// </summary>
    public static IReadOnlyList<(DateOnly From, DateOnly To)> RangesFor(AlertRule rule, DateOnly day)
    {
        var length = Math.Max(1, rule.Days);
        return rule.Condition switch
        {
            AlertCondition.Change => [(day.AddDays(1 - length), day), (day.AddDays(1 - 2 * length), day.AddDays(-length))],
            AlertCondition.Anomaly => [(day, day), .. Enumerable.Range(1, AnomalyDetector.Weeks).Select(w => (day.AddDays(-7 * w), day.AddDays(-7 * w)))],
            _ => [.. Enumerable.Range(0, length).Select(i => (day.AddDays(-i), day.AddDays(-i)))],
        };
    }

    /// <summary>The outcome when the rule fires on <paramref name="day"/>; null when it does not (or there is too little data).</summary>
    /// <param name="values">The metric over <see cref="RangesFor"/>'s ranges, in their order (null: no data).</param>
    public static AlertOutcome? Evaluate(AlertRule rule, MetricEntry metric, DateOnly day, IReadOnlyList<double?> values, string currency)
    {
        var shown = values.ToList();
        return rule.Condition switch
        {
            AlertCondition.Threshold => Threshold(rule, metric, day, shown, currency),
            AlertCondition.Change => Change(rule, metric, day, shown, currency),
            AlertCondition.Anomaly => Anomaly(rule, metric, day, shown, currency),
            _ => null,
        };
    }

    private static AlertOutcome? Threshold(AlertRule rule, MetricEntry metric, DateOnly day, List<double?> days, string currency)
    {
        if (days.Count == 0 || days.Any(v => v is null || (rule.Direction == AlertDirection.Below ? v >= rule.Value : v <= rule.Value))) return null;
        var side = rule.Direction == AlertDirection.Below ? "below" : "above";
        var limit = Format(metric, rule.Value, currency);
        var message = days.Count == 1
            ? $"{Name(metric)} was {Format(metric, days[0]!.Value, currency)} on {DayName(day)}, {side} {limit}."
            : $"{Name(metric)} was {side} {limit} on each of the last {days.Count} days ({Format(metric, days[0]!.Value, currency)} on {DayName(day)}).";
        return new AlertOutcome(days[0], null, null, message);
    }

    private static AlertOutcome? Change(AlertRule rule, MetricEntry metric, DateOnly day, List<double?> windows, string currency)
    {
        if (windows is not [{ } now, { } before] || before == 0) return null;
        var length = Math.Max(1, rule.Days);
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
            $"{Name(metric)} {verb} {Math.Abs(percent).ToString("0.#", Words)} % {window}: {Format(metric, now, currency)} against {Format(metric, before, currency)} the {(length == 1 ? "day" : $"{length} days")} before.");
    }

    private static AlertOutcome? Anomaly(AlertRule rule, MetricEntry metric, DateOnly day, List<double?> values, string currency)
    {
        if (values is not [{ } value, .. var earlier]) return null;
        var history = earlier.OfType<double>().ToList();
        if (AnomalyDetector.Expected(history, rule.Sensitivity) is not { } range) return null;
        if (!AnomalyDetector.IsOutside(value, range, rule.Direction)) return null;

        var weekday = day.DayOfWeek.ToString();
        var low = Math.Max(0, range.Low);
        return new AlertOutcome(value, low, range.High,
            $"{Name(metric)} was {Format(metric, value, currency)} on {DayName(day)}, {(value > range.High ? "above" : "below")} the expected " +
            $"{Format(metric, low, currency)}–{Format(metric, range.High, currency)} (usually {Format(metric, range.Usual, currency)} on a {weekday}, " +
            $"from the last {history.Count} {weekday}s).");
    }

    /// <summary>"Traffic: Sessions", "CAC": the tile's words, with its panel's unless it is a combined number.</summary>
    public static string Name(MetricEntry metric) => metric.Group == "Combined" ? metric.Label : $"{metric.Group}: {metric.Label}";

    /// <summary>A value in words as the dashboard shows it: "1,204", "3.4 %" (for 0.034), "42 min", "95.10 USD".</summary>
    public static string Format(MetricEntry metric, double value, string currency) => metric.Format switch
    {
        KpiFormat.Money => $"{value.ToString("N2", Words)} {currency}",
        KpiFormat.Percent => $"{(value * 100).ToString("0.#", Words)} %",
        KpiFormat.Minutes => $"{value.ToString("N0", Words)} min",
        // Counts in the hundreds and more read best whole (a range of sessions "1,862–2,128"); small ratios (ROAS 3.25) keep cents.
        _ => value.ToString(Math.Abs(value) >= 100 || Math.Abs(value - Math.Round(value)) < 1e-9 ? "N0" : "N2", Words),
    };

    private static string DayName(DateOnly day) => day.ToString("ddd MMM d", Words);
}
