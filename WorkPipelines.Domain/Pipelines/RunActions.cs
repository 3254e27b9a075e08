using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines.SelfTest;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Pipelines;

/// <summary>
/// What people do to runs, for pages and the API alike: each action checks the caller is an admin
/// of the workspace and is recorded in the activity log.
/// </summary>
public sealed class RunActions(RunQueue queue, CurrentWorkspace workspace, ActivityLog activity, WorkDbContext db)
{
    public const string AdminOnly = "Only workspace admins can start, retry or cancel runs.";

    public async Task<(WorkResult Result, Guid? RunId)> StartSelfTestAsync(int seconds = 5, int failFirstAttempts = 0, CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return (WorkResult.Forbidden(AdminOnly), null);
        if (seconds is < 0 or > RunSelfTest.MaxSeconds)
            return (WorkResult.Invalid($"seconds must be between 0 and {RunSelfTest.MaxSeconds}; got {seconds}."), null);
        if (failFirstAttempts is < 0 or > 3)
            return (WorkResult.Invalid($"failFirstAttempts must be between 0 and 3; got {failFirstAttempts}."), null);

        var enqueued = await queue.EnqueueAsync(new PipelineRequest(workspace.WorkspaceId, RunSelfTest.KindName)
        {
            Payload = new SelfTestPayload(seconds, failFirstAttempts),
            Trigger = PipelineTrigger.User,
            RequestedByUserId = workspace.UserId,
        }, cancellationToken);
        await RecordAsync("run.started", $"{RunSelfTest.KindName} {enqueued.Run.Id}", cancellationToken);
        return (WorkResult.Ok, enqueued.Run.Id);
    }

    public Task<WorkResult> RetryAsync(Guid runId, CancellationToken cancellationToken = default) =>
        AdminAsync("run.retried", runId, () => queue.RetryAsync(runId, workspace.UserId, cancellationToken), cancellationToken);

    public Task<WorkResult> CancelAsync(Guid runId, CancellationToken cancellationToken = default) =>
        AdminAsync("run.cancelled", runId, () => queue.RequestCancelAsync(runId, cancellationToken), cancellationToken);

    /// <returns>How many runs were queued again, or null when the caller is not an admin.</returns>
    public async Task<int?> RetryAllFailedAsync(CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return null;
        var retried = await queue.RetryAllFailedAsync(workspace.UserId, cancellationToken);
        if (retried > 0) await RecordAsync("runs.retried_failed", $"{retried} run(s)", cancellationToken);
        return retried;
    }

    private async Task<WorkResult> AdminAsync(string action, Guid runId, Func<Task<WorkResult>> command, CancellationToken cancellationToken)
    {
        if (!workspace.IsAdmin) return WorkResult.Forbidden(AdminOnly);
        var result = await command();
        if (result.Succeeded) await RecordAsync(action, runId.ToString(), cancellationToken);
        return result;
    }

    private async Task RecordAsync(string action, string target, CancellationToken cancellationToken)
    {
        await activity.RecordAsync(action, target, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
