using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Pipelines;

/// <summary>
/// The run queue across every workspace, for readiness probes and operators: runs waiting, how long the oldest
/// due run has waited, runs running, and runs whose lease expired (their worker died; the sweeper returns them).
/// Degraded when work waits longer than <see cref="PipelineOptions.LeaseDuration"/> × 10 or leases have expired.
/// </summary>
public sealed class EngineHealthCheck(WorkDbContext db, TimeProvider time, IOptions<PipelineOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var runs = db.PipelineRuns.IgnoreQueryFilters().AsNoTracking();
        var queued = await runs.CountAsync(r => r.Status == PipelineRunStatus.Queued, cancellationToken);
        var running = await runs.CountAsync(r => r.Status == PipelineRunStatus.Running, cancellationToken);
        var expired = await runs.CountAsync(r => r.Status == PipelineRunStatus.Running && r.LeaseExpiresAt < now, cancellationToken);
        var oldestDue = await runs.Where(r => r.Status == PipelineRunStatus.Queued && r.NextAttemptAt <= now)
            .OrderBy(r => r.NextAttemptAt).Select(r => (DateTimeOffset?)r.NextAttemptAt).FirstOrDefaultAsync(cancellationToken);
        var waited = oldestDue is { } since ? now - since : TimeSpan.Zero;

        var data = new Dictionary<string, object>
        {
            ["queued"] = queued,
            ["running"] = running,
            ["expiredLeases"] = expired,
            ["oldestQueuedSeconds"] = Math.Round(waited.TotalSeconds, 1),
            ["slotsPerInstance"] = options.Value.MaxConcurrentRuns,
        };
        var tooLong = options.Value.LeaseDuration * 10;
        return expired > 0 ? HealthCheckResult.Degraded($"{expired} running run(s) lost their worker; the sweeper returns them to the queue", data: data)
            : waited > tooLong ? HealthCheckResult.Degraded($"the oldest due run has waited {waited.TotalSeconds:0} s (over {tooLong.TotalSeconds:0} s)", data: data)
            : HealthCheckResult.Healthy($"{queued} queued, {running} running", data);
    }
}
