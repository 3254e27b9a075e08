using WorkPipelines.Domain.Goals;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Web.Features.Dashboard;

namespace WorkPipelines.Web.Features.Goals;

/// <summary>Goals in words: "at least $50k a month", "62 % of goal · on track", and the colour of a pace.</summary>
public static class GoalText
{
    /// <summary>"at least $50k a month", "at most 4 h a quarter".</summary>
    public static string Target(GoalView goal, string workspaceCurrency) =>
        $"{(goal.Direction == GoalDirection.AtLeast ? "at least" : "at most")} {KpiText.Short(goal.Target, goal.Format, goal.Currency ?? workspaceCurrency)} a {(goal.Cadence == GoalCadence.Month ? "month" : "quarter")}";

    /// <summary>The tile's short line: "62 % of goal · on track"; for a limit, "40 % of limit · ahead".</summary>
    public static string Short(GoalView goal) => goal.Progress switch
    {
        { Share: { } share, Pace: { } pace } => $"{GoalPaceRule.Percent(share)} of {(goal.Direction == GoalDirection.AtLeast ? "goal" : "limit")} · {GoalPaceRule.Words(pace)}",
        { Note: { } note } => note,
        var p => p.Sentence,
    };

    public static MudBlazor.Color Color(GoalPace? pace) => pace switch
    {
        GoalPace.Behind => MudBlazor.Color.Error,
        GoalPace.OnTrack or GoalPace.Ahead => MudBlazor.Color.Success,
        _ => MudBlazor.Color.Default,
    };

    public static string Chip(GoalPace? pace) => pace is { } p ? char.ToUpperInvariant(GoalPaceRule.Words(p)[0]) + GoalPaceRule.Words(p)[1..] : "No data";

    /// <summary>The bar's fill, 0–100: the share of the target, capped at a full bar.</summary>
    public static double Fill(GoalView goal) => Math.Clamp((goal.Progress.Share ?? 0) * 100, 0, 100);

    /// <summary>The value so far, "$31.2k".</summary>
    public static string Value(GoalView goal, string workspaceCurrency) => KpiText.Short(goal.Progress.Value, goal.Format, goal.Currency ?? workspaceCurrency);

    /// <summary>Whether the metric counts up through a period, so the bar shows a mark where the time gone is.</summary>
    public static bool ShowsTime(GoalView goal) => Domain.Metrics.MetricCatalogue.Find(goal.Metric)?.Additive == true;

    /// <summary>Chart values: rates are fractions, charts want percent.</summary>
    public static double? ChartValue(double? value, KpiFormat format) => format == KpiFormat.Percent ? value * 100 : value;
}
