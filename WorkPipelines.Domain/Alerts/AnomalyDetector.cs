namespace WorkPipelines.Domain.Alerts;

/// <summary>The range a seasonal baseline makes expected, and whether a value falls outside it.</summary>
public sealed record ExpectedRange(double Low, double High, double Usual);

/// <summary>
/// Anomaly against a seasonal baseline: the same weekday over the last weeks (a Monday is compared with Mondays).
/// The baseline's centre is its median and its spread the median absolute deviation scaled to a standard deviation
/// (× 1.4826), so one earlier outlier among the weeks neither drags the centre nor widens the range much, as a mean
/// and standard deviation would. The range is centre ± k × spread, k by sensitivity (High 2, Medium 3, Low 4).
/// </summary>
public static class AnomalyDetector
{
    /// <summary>Fewer same-weekday values than this and nothing is judged (a new connection, a gap).</summary>
    public const int MinimumHistory = 4;

    /// <summary>Weeks of the same weekday the baseline reads.</summary>
    public const int Weeks = 8;

    public static double Width(AlertSensitivity sensitivity) => sensitivity switch
    {
        AlertSensitivity.High => 2,
        AlertSensitivity.Low => 4,
        _ => 3,
    };

    /// <summary>The expected range from <paramref name="history"/>, or null with too little of it.</summary>
    public static ExpectedRange? Expected(IReadOnlyCollection<double> history, AlertSensitivity sensitivity)
    {
        if (history.Count < MinimumHistory) return null;
        var usual = Median(history);
        var spread = 1.4826 * Median(history.Select(v => Math.Abs(v - usual)).ToList());
        // A perfectly steady history (MAD 0) would make any change an anomaly: allow 5 % of the usual value at least.
        spread = Math.Max(spread, Math.Abs(usual) * 0.05 / Width(AlertSensitivity.Medium));
        if (spread == 0) spread = 1e-9;
        var k = Width(sensitivity);
        return new ExpectedRange(usual - k * spread, usual + k * spread, usual);
    }

    public static bool IsOutside(double value, ExpectedRange range, AlertDirection direction) => direction switch
    {
        AlertDirection.Above => value > range.High,
        AlertDirection.Below => value < range.Low,
        _ => value > range.High || value < range.Low,
    };

    internal static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
