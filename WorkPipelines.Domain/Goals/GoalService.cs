using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Goals;

/// <summary>
/// Lists goals with their progress, one with its history, and creates, changes and deletes them (admins). Checks role and workspace
/// itself: pages and the API call it the same way. Progress is read from the daily metrics through <see cref="MetricReader"/>.
/// </summary>
public sealed class GoalService(WorkDbContext db, CurrentWorkspace workspace, MetricReader reader, ActivityLog activity, TimeProvider time)
{
    public const string AdminOnly = "Only workspace admins can change goals.";
    public const int HistoryPeriods = 6;
    public const double MaxTarget = 1e12;

    public static IReadOnlyList<GoalMetricView> Metrics { get; } = MetricCatalogue.All
        .Select(m => new GoalMetricView(m.Key, m.Label, m.Group, m.Format, m.Kpi.HigherIsBetter, m.Additive)).ToList();

    /// <summary>Every goal with its current period, oldest first; with <paramref name="history"/>, each with its past periods too (the goals page).</summary>
    public async Task<IReadOnlyList<GoalView>> ListAsync(bool history = false, CancellationToken cancellationToken = default)
    {
        var goals = await db.Goals.AsNoTracking().OrderBy(g => g.CreatedAt).ToListAsync(cancellationToken);
        var zone = await ZoneAsync(cancellationToken);
        List<GoalView> views = [];
        foreach (var goal in goals) views.Add(await ViewAsync(goal, zone, history ? HistoryPeriods : 0, cancellationToken));
        return views;
    }

    /// <summary>The goal with its last <see cref="HistoryPeriods"/> whole periods; null when this workspace has no such goal.</summary>
    public async Task<GoalView?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var goal = await db.Goals.AsNoTracking().SingleOrDefaultAsync(g => g.Id == id, cancellationToken);
        return goal is null ? null : await ViewAsync(goal, await ZoneAsync(cancellationToken), HistoryPeriods, cancellationToken);
    }

    public async Task<(WorkResult Result, GoalView? Goal)> CreateAsync(GoalInput input, CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return (WorkResult.Forbidden(AdminOnly), null);
        var goal = new Goal { WorkspaceId = workspace.WorkspaceId, Metric = "", CreatedByUserId = workspace.UserId, CreatedAt = time.GetUtcNow() };
        if (Apply(goal, input) is { } problem) return (WorkResult.Invalid(problem), null);
        if (await DuplicateAsync(goal, cancellationToken) is { } conflict) return (WorkResult.Conflict(conflict), null);
        goal.Currency = await CurrencyForAsync(goal, cancellationToken);
        db.Goals.Add(goal);
        await activity.RecordAsync("goal.created", Describe(goal), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (WorkResult.Ok, await ViewAsync(goal, await ZoneAsync(cancellationToken), 0, cancellationToken));
    }

    public async Task<(WorkResult Result, GoalView? Goal)> UpdateAsync(Guid id, GoalInput input, CancellationToken cancellationToken = default)
    {
        var goal = await db.Goals.SingleOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (goal is null) return (NotFound(id), null);
        if (!workspace.IsAdmin) return (WorkResult.Forbidden(AdminOnly), null);
        if (Apply(goal, input) is { } problem) return (WorkResult.Invalid(problem), null);
        if (await DuplicateAsync(goal, cancellationToken) is { } conflict) return (WorkResult.Conflict(conflict), null);
        goal.Currency = await CurrencyForAsync(goal, cancellationToken);
        await activity.RecordAsync("goal.changed", Describe(goal), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (WorkResult.Ok, await ViewAsync(goal, await ZoneAsync(cancellationToken), 0, cancellationToken));
    }

    public async Task<WorkResult> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var goal = await db.Goals.SingleOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (goal is null) return NotFound(id);
        if (!workspace.IsAdmin) return WorkResult.Forbidden(AdminOnly);
        db.Goals.Remove(goal);
        await activity.RecordAsync("goal.deleted", Describe(goal), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return WorkResult.Ok;
    }

    /// <summary>Validates <paramref name="input"/> and copies it onto <paramref name="goal"/>; returns the problem, or null.</summary>
    internal static string? Apply(Goal goal, GoalInput input)
    {
        if (MetricCatalogue.Find(input.Metric) is not { } metric) return $"unknown metric '{input.Metric}'; valid: {MetricCatalogue.Keys}";
        if (ParseCadence(input.Cadence) is not { } cadence) return $"unknown cadence '{input.Cadence}'; valid: month, quarter";
        GoalDirection direction;
        if (string.IsNullOrWhiteSpace(input.Direction)) direction = metric.Kpi.HigherIsBetter ? GoalDirection.AtLeast : GoalDirection.AtMost;
        else if (ParseDirection(input.Direction) is { } parsed) direction = parsed;
        else return $"unknown direction '{input.Direction}'; valid: at_least, at_most";
        if (input.Target is not { } target) return "target is missing; give a number greater than 0 in the metric's unit";
        if (!double.IsFinite(target) || target <= 0) return $"target {target} is not possible; give a number greater than 0";
        if (target > MaxTarget) return $"target {target} is too large; at most {MaxTarget:0}";
        if (metric.Format == KpiFormat.Percent && target > 1) return $"target {target} is not a rate; give a fraction between 0 and 1 (0.05 = 5 %)";

        goal.Metric = metric.Key;
        goal.Cadence = cadence;
        goal.Direction = direction;
        goal.Target = target;
        return null;
    }

    private static GoalCadence? ParseCadence(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "month" or "monthly" => GoalCadence.Month,
        "quarter" or "quarterly" => GoalCadence.Quarter,
        _ => null,
    };

    private static GoalDirection? ParseDirection(string? text) => text?.Trim().ToLowerInvariant().Replace("-", "_").Replace(" ", "_") switch
    {
        "at_least" or "atleast" => GoalDirection.AtLeast,
        "at_most" or "atmost" => GoalDirection.AtMost,
        _ => null,
    };

    // One goal per metric and cadence: two monthly revenue goals would disagree on every tile.
    private async Task<string?> DuplicateAsync(Goal goal, CancellationToken cancellationToken) =>
        await db.Goals.AnyAsync(g => g.Id != goal.Id && g.Metric == goal.Metric && g.Cadence == goal.Cadence, cancellationToken)
            ? $"there is a {Adjective(goal.Cadence)} goal for {Label(goal.Metric)} already; change that one instead"
            : null;

    private async Task<string?> CurrencyForAsync(Goal goal, CancellationToken cancellationToken) =>
        MetricCatalogue.Find(goal.Metric)?.Format == KpiFormat.Money
            ? await db.Workspaces.Where(w => w.Id == workspace.WorkspaceId).Select(w => w.Currency).FirstOrDefaultAsync(cancellationToken) ?? "USD"
            : null;

    private async Task<TimeZoneInfo> ZoneAsync(CancellationToken cancellationToken)
    {
        var name = await db.Workspaces.Where(w => w.Id == workspace.WorkspaceId).Select(w => w.TimeZone).FirstOrDefaultAsync(cancellationToken);
        return TimeZoneInfo.TryFindSystemTimeZoneById(name ?? "UTC", out var zone) ? zone : TimeZoneInfo.Utc;
    }

    private async Task<GoalView> ViewAsync(Goal goal, TimeZoneInfo zone, int history, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (MetricCatalogue.Find(goal.Metric) is not { } metric)
        {
            // A tile the dashboard no longer has: the goal stays visible (and deletable) and says why it shows nothing.
            var period = GoalPeriod.Current(now, zone, goal.Cadence);
            const string gone = "This number is no longer on the dashboard; delete the goal or set it on another number.";
            return new GoalView(goal.Id, goal.Metric, goal.Metric, "", KpiFormat.Number, goal.Target, goal.Cadence, goal.Direction, goal.Currency,
                goal.CreatedByUserId, goal.CreatedAt, new GoalProgressView(period.Name, period.From, period.To, null, null, period.Elapsed(now, zone), null, gone, gone));
        }
        var current = GoalPeriod.Current(now, zone, goal.Cadence);
        List<GoalPeriod> periods = [current];
        for (var i = 0; i < history; i++) periods.Add(periods[^1].Previous);

        var readings = await reader.ReadAsync(metric, periods.Select(p => (p.From, p.To)).ToList(), cancellationToken);
        var note = readings.Note;
        var values = readings.Values;
        if (note is null && goal.Currency is { } currency && readings.Currency is { } theirs && theirs != currency)
        {
            // Never compared across currencies: the target is in the workspace's, the amounts in the account's.
            note = $"Its amounts are in {theirs}; the goal is in {currency}.";
            values = values.Select(_ => (double?)null).ToList();
        }

        var standing = GoalPaceRule.Evaluate(values[0], goal.Target, goal.Direction, metric.Additive, current.Elapsed(now, zone), current);
        var progress = new GoalProgressView(current.Name, current.From, current.To, values[0], standing.Share, standing.Elapsed, standing.Pace,
            note ?? standing.Sentence, note);
        return new GoalView(goal.Id, metric.Key, metric.Label, metric.Group, metric.Format, goal.Target, goal.Cadence, goal.Direction, goal.Currency,
            goal.CreatedByUserId, goal.CreatedAt, progress)
        {
            History = periods.Skip(1).Select((p, i) => new GoalPeriodResult(p.Name, p.ShortName, p.From, p.To, values[i + 1],
                GoalPaceRule.Met(values[i + 1], goal.Target, goal.Direction))).Reverse().ToList(),
        };
    }

    private static string Adjective(GoalCadence cadence) => cadence == GoalCadence.Month ? "monthly" : "quarterly";

    private static string Label(string metric) => MetricCatalogue.Find(metric) is { } m ? $"{m.Label} ({m.Group})" : metric;

    /// <summary>"monthly goal: Sessions (Traffic) at least 12000".</summary>
    public static string Describe(Goal goal) =>
        $"{Adjective(goal.Cadence)} goal: {Label(goal.Metric)} {(goal.Direction == GoalDirection.AtLeast ? "at least" : "at most")} {goal.Target:0.##}";

    private static WorkResult NotFound(Guid id) => WorkResult.NotFound($"No goal {id} in this workspace.");
}
