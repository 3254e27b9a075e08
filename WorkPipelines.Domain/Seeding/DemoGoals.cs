using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Connectors.Sync;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Goals;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Seeding;

/// <summary>
/// Gives the demo workspace a few goals on its first run, once its first syncs are in: monthly revenue a little under the recent pace
/// (on track), quarterly sessions well above it (behind), and a first-reply time limit above the recent median (on track). Targets
/// come from the synced data, so whatever the season or the sandbox's history, one goal is on track and one behind.
/// </summary>
public static class DemoGoals
{
    /// <summary>(metric, cadence, factor on the recent daily pace or median); at-most goals take the metric's default direction.</summary>
    internal static readonly (string Metric, GoalCadence Cadence, double Factor)[] Plan =
    [
        ("revenue", GoalCadence.Month, 0.85),
        ("traffic.sessions", GoalCadence.Quarter, 1.35),
        ("support.first_reply", GoalCadence.Month, 1.25),
    ];

    private const int RecentDays = 28;

    public static async Task SetDemoGoalsAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<DemoOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoGoals));
        Guid workspaceId;
        string userId;
        await using (var lookup = services.CreateAsyncScope())
        {
            var db = lookup.ServiceProvider.GetRequiredService<WorkDbContext>();
            var demo = await db.Users.Where(u => u.Email == options.Email).Select(u => new { u.Id, u.CurrentWorkspaceId }).FirstOrDefaultAsync(cancellationToken);
            if (demo?.CurrentWorkspaceId is not { } id) return;
            (workspaceId, userId) = (id, demo.Id);
            if (await db.Goals.IgnoreQueryFilters().AnyAsync(g => g.WorkspaceId == workspaceId, cancellationToken)) return;
            // The targets need the data: wait for the first syncs (at most ten minutes; a goal without data is still set).
            var time = services.GetRequiredService<TimeProvider>();
            var deadline = time.GetUtcNow().AddMinutes(10);
            while (await db.PipelineRuns.IgnoreQueryFilters().AnyAsync(r => r.WorkspaceId == workspaceId && r.Kind == SyncConnection.KindName
                       && (r.Status == PipelineRunStatus.Queued || r.Status == PipelineRunStatus.Running), cancellationToken)
                   && time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken);
            }
        }

        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspaceId, options.WorkspaceName, userId, WorkspaceRole.Admin);
        var goals = scope.ServiceProvider.GetRequiredService<GoalService>();
        var today = await scope.ServiceProvider.GetRequiredService<PeriodResolver>().TodayAsync(cancellationToken);
        foreach (var (key, cadence, factor) in Plan)
        {
            var metric = MetricCatalogue.Find(key)!;
            if (await TargetAsync(scope.ServiceProvider.GetRequiredService<MetricReader>(), metric, cadence, factor, today, cancellationToken) is not { } target)
            {
                logger.LogInformation("No recent {Metric} data for a demo goal; none set", metric.Label);
                continue;
            }
            var (result, _) = await goals.CreateAsync(new GoalInput(key, target, cadence.ToString()), cancellationToken);
            if (!result.Succeeded) logger.LogWarning("Demo goal on {Metric} was not set: {Reason}", metric.Label, result.Message);
        }
    }

    /// <summary>
    /// A sum's target is its recent daily pace (over the days that have data, so a young sandbox counts too) times the period's days
    /// times the factor; a median's is the recent median times the factor. Rounded to three significant figures.
    /// </summary>
    internal static async Task<double?> TargetAsync(MetricReader reader, MetricEntry metric, GoalCadence cadence, double factor, DateOnly today,
        CancellationToken cancellationToken)
    {
        double? basis;
        if (metric.Additive)
        {
            var days = Enumerable.Range(1, RecentDays).Select(i => today.AddDays(-i)).Select(d => (d, d)).ToList();
            var values = (await reader.ReadAsync(metric, days, cancellationToken)).Values.OfType<double>().ToList();
            var period = GoalPeriod.Containing(today, cadence);
            basis = values.Count == 0 ? null : values.Average() * (period.To.DayNumber - period.From.DayNumber + 1);
        }
        else basis = (await reader.ReadAsync(metric, [(today.AddDays(-RecentDays), today.AddDays(-1))], cancellationToken)).Values[0];
        return basis is { } b && b > 0 ? Round(b * factor) : null;
    }

    private static double Round(double value)
    {
        var scale = Math.Pow(10, Math.Floor(Math.Log10(value)) - 2);
        return Math.Round(value / scale) * scale;
    }
}
