using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Alerts;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Seeding;

/// <summary>
/// Gives the demo workspace two alerts on its first run, after its first syncs: "unusual traffic" (sessions against the same weekday)
/// and "ad spend swing" (week over week, either way), whose percentage is set from the synced data so that it held on one of the last two
/// weeks' days. That day is evaluated at once: the demo opens with an alert that fired, under the bell and on the alerts page.
/// </summary>
public static class DemoAlerts
{
    private const string SpendMetric = "ads.spend";
    private const int LookBackDays = 14;

    public static async Task SetDemoAlertsAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<DemoOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoAlerts));
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        var demo = await db.Users.Where(u => u.Email == options.Email).Select(u => new { u.Id, u.CurrentWorkspaceId }).FirstOrDefaultAsync(cancellationToken);
        if (demo?.CurrentWorkspaceId is not { } workspaceId) return;
        if (await db.Set<AlertRule>().IgnoreQueryFilters().AnyAsync(r => r.WorkspaceId == workspaceId, cancellationToken)) return;

        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspaceId, options.WorkspaceName, demo.Id, WorkspaceRole.Admin);
        var alerts = scope.ServiceProvider.GetRequiredService<AlertService>();
        var today = await scope.ServiceProvider.GetRequiredService<PeriodResolver>().TodayAsync(cancellationToken);
        await alerts.CreateAsync(new AlertRuleInput("Unusual traffic", "traffic.sessions", "anomaly", "either", Sensitivity: "medium"), cancellationToken);

        if (await BiggestWeeklySwingAsync(scope.ServiceProvider.GetRequiredService<MetricReader>(), today, cancellationToken) is not var (day, swing) || Threshold(swing) is not { } threshold)
        {
            logger.LogInformation("No two full recent weeks of ad spend for the demo alert; only the traffic alert is set");
            return;
        }
        var (result, _) = await alerts.CreateAsync(new AlertRuleInput("Ad spend swing", SpendMetric, "change", "either", Value: threshold, Days: 7), cancellationToken);
        if (!result.Succeeded)
        {
            logger.LogWarning("The demo spend alert was not set: {Reason}", result.Message);
            return;
        }
        var queue = scope.ServiceProvider.GetRequiredService<RunQueue>();
        foreach (var evaluated in new[] { day, today.AddDays(-1) }.Distinct())
        {
            // Without the concurrency key: the two days are separate checks, and the rule fires once per day whatever runs them.
            await queue.EnqueueAsync(new PipelineRequest(workspaceId, EvaluateAlerts.KindName)
            {
                Payload = new EvaluateAlertsPayload(evaluated), Trigger = PipelineTrigger.Schedule,
            }, cancellationToken);
        }
    }

    /// <summary>A round percentage the swing reached (23.4 → 20; under 5 %, whole: 3.7 → 3); none under 1 %.</summary>
    internal static double? Threshold(double swing) => Math.Abs(swing) switch
    {
        >= 5 and var s => Math.Floor(s / 5) * 5,
        >= 1 and var s => Math.Floor(s),
        _ => null,
    };

    /// <summary>
    /// Of the last <see cref="LookBackDays"/> days, the one whose week of ad spend moved most against the week before, and by how much (%,
    /// signed). Only weeks with spend on each of their days count: a campaign's first week against a half-empty one before is not a jump.
    /// </summary>
    internal static async Task<(DateOnly Day, double Swing)?> BiggestWeeklySwingAsync(MetricReader reader, DateOnly today, CancellationToken cancellationToken)
    {
        var metric = MetricCatalogue.Find(SpendMetric)!;
        var span = LookBackDays + 13;
        var days = Enumerable.Range(1, span).Select(i => today.AddDays(-i)).ToList(); // newest first
        var daily = (await reader.ReadAsync(metric, [.. days.Select(d => (d, d))], cancellationToken)).Values;
        (DateOnly Day, double Swing)? best = null;
        for (var i = 0; i < LookBackDays; i++)
        {
            var fortnight = daily.Skip(i).Take(14).ToList();
            if (fortnight.Any(v => v is not > 0)) continue;
            var week = fortnight.Take(7).Sum(v => v!.Value);
            var before = fortnight.Skip(7).Sum(v => v!.Value);
            var swing = (week - before) / before * 100;
            if (best is null || Math.Abs(swing) > Math.Abs(best.Value.Swing)) best = (days[i], swing);
        }
        return best;
    }
}
