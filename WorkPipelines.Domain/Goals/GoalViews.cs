using WorkPipelines.Domain.Metrics.Dashboard;

namespace WorkPipelines.Domain.Goals;

/// <summary>
/// A goal as people write it. metric: a key of the metric catalogue; target: a positive number in the metric's unit (money in the
/// workspace's currency, minutes for times, a fraction for rates: 0.05 = 5 %); cadence: month or quarter; direction: at_least or
/// at_most (by default at_most for metrics where lower is better, such as CAC, and at_least for the rest).
/// </summary>
public sealed record GoalInput(string? Metric, double? Target, string? Cadence, string? Direction = null);

/// <summary>A metric a goal can be set on, as the goals form lists it.</summary>
public sealed record GoalMetricView(string Key, string Label, string Group, KpiFormat Format, bool HigherIsBetter, bool Additive);

/// <summary>A goal's current month or quarter: the value so far against the target, and the pace.</summary>
/// <param name="Note">Why there is no value (no source connected, several currencies), when there is none.</param>
public sealed record GoalProgressView(string Period, DateOnly From, DateOnly To, double? Value, double? Share, double Elapsed, GoalPace? Pace,
    string Sentence, string? Note);

/// <summary>One whole past period: its value and whether it met today's target.</summary>
public sealed record GoalPeriodResult(string Period, string ShortName, DateOnly From, DateOnly To, double? Value, bool? Met);

/// <summary>A goal as lists and the API show it.</summary>
public sealed record GoalView(Guid Id, string Metric, string MetricLabel, string MetricGroup, KpiFormat Format, double Target,
    GoalCadence Cadence, GoalDirection Direction, string? Currency, string? CreatedByUserId, DateTimeOffset CreatedAt, GoalProgressView Progress)
{
    /// <summary>The past periods, oldest first (filled when one goal is asked for).</summary>
    public IReadOnlyList<GoalPeriodResult> History { get; init; } = [];
}
