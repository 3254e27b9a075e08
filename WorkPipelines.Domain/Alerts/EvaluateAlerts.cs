using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Data.Configurations;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Alerts;

/// <summary>What to evaluate: a given day, or (null) the last complete day in the workspace's time zone.</summary>
public sealed record EvaluateAlertsPayload(DateOnly? Day = null);

/// <summary>
/// Evaluates every active rule of the run's workspace for one day, on the engine: queued after a sync finishes and by
/// the hourly tick (<see cref="ScheduleAlertEvaluations"/>). A rule fires at most once per day: the firing's row is
/// inserted before anything is sent, under a unique (rule, day) index, so a second evaluation of the same day — after
/// another sync, on the schedule, on another instance — finds it and sends nothing again.
/// </summary>
public sealed class EvaluateAlerts(
    WorkDbContext db, CurrentWorkspace workspace, MetricReader reader, AlertDelivery delivery, IOptions<AlertOptions> options, TimeProvider time) : IPipelineKind
{
    public const string KindName = "evaluate-alerts";

    /// <summary>One evaluation per workspace at a time: a second request joins the queued one.</summary>
    public const string ConcurrencyKey = "alerts";

    public string Name => KindName;
    public string Title => "Alert check";
    public int MaxAttempts => 3;
    public TimeSpan Timeout => TimeSpan.FromMinutes(5);

    public async Task ExecuteAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var payload = context.GetPayload<EvaluateAlertsPayload>();
        var settings = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspace.WorkspaceId)
            .Select(w => new { w.Name, w.TimeZone, w.Currency }).SingleAsync(cancellationToken);
        var now = time.GetUtcNow();
        var day = payload.Day ?? Period.Today(now, settings.TimeZone).AddDays(-1);

        var rules = await db.Set<AlertRule>().AsNoTracking()
            .Where(r => !r.Muted && (r.SnoozedUntil == null || r.SnoozedUntil <= now)).OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
        var fired = (await db.Set<AlertFiring>().AsNoTracking().Where(f => f.Day == day).Select(f => f.RuleId).ToListAsync(cancellationToken)).ToHashSet();

        var count = 0;
        foreach (var rule in rules.Where(r => !fired.Contains(r.Id)))
        {
            // A rule on a number the dashboard no longer has, or on amounts in several currencies, judges nothing.
            if (MetricCatalogue.Find(rule.Metric) is not { } metric) continue;
            var readings = await reader.ReadAsync(metric, AlertEvaluator.RangesFor(rule, day), cancellationToken);
            if (AlertEvaluator.Evaluate(rule, metric, day, readings.Values, readings.Currency ?? settings.Currency) is not { } outcome) continue;

            var firing = new AlertFiring
            {
                WorkspaceId = rule.WorkspaceId,
                RuleId = rule.Id,
                Day = day,
                Value = outcome.Value,
                ExpectedLow = outcome.ExpectedLow,
                ExpectedHigh = outcome.ExpectedHigh,
                Message = outcome.Message,
                FiredAt = now,
            };
            if (!await RecordAsync(firing, cancellationToken)) continue;

            var link = options.Value.AppUrl is { Length: > 0 } app ? $"{app.TrimEnd('/')}/?period=30d" : null;
            if (await delivery.DeliverAsync(rule, firing, settings.Name, link, cancellationToken) is { } problem)
            {
                await db.Set<AlertFiring>().Where(f => f.Id == firing.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.DeliveryError, problem.Length > 2000 ? problem[..2000] : problem), CancellationToken.None);
                await context.LogAsync($"{rule.Name}: fired, but {problem}");
            }
            else
            {
                await context.LogAsync($"{rule.Name}: fired");
            }
            count++;
        }
        await context.ReportProgressAsync(100, count == 0 ? $"No alerts for {day:MMM d}" : $"{count} alert(s) for {day:MMM d}");
    }

    /// <summary>Inserts the firing; false when another evaluation already fired this rule for this day.</summary>
    private async Task<bool> RecordAsync(AlertFiring firing, CancellationToken cancellationToken)
    {
        db.Set<AlertFiring>().Add(firing);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex, AlertFiringConfiguration.OncePerDay)
            || ex.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
