using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.Workspaces;

/// <summary>
/// "Explore with sample data": a workspace of its own, connected to every provider's sandbox through the same connect
/// and first sync as a real source, and removable with everything in it. Only a workspace made here can be removed.
/// </summary>
public sealed class SampleWorkspaces(
    WorkDbContext db, WorkspaceProvisioner provisioner, WorkspaceResolver resolver, IServiceScopeFactory scopes,
    TimeProvider time, ILogger<SampleWorkspaces> logger, ISandbox? sandbox = null)
{
    public const string Name = "Sample data";
    public const string NoSandbox = "This server has no sandbox, so it cannot make sample data. Connect a source with its own credentials instead.";
    public const string NotSample = "Only a sample data workspace can be removed this way; this one holds your own data.";
    public const string AdminOnly = "Only an admin of the sample data workspace can remove it.";

    /// <summary>How long removal waits for the sample's running syncs to stop (they stop within a heartbeat of being cancelled).</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(30);

    /// <summary>Whether this server can make sample data (it has a sandbox).</summary>
    public bool IsAvailable => sandbox is not null;

    /// <summary>
    /// Makes a sample workspace with <paramref name="userId"/> as its admin, connects every provider's sandbox in it (their
    /// first syncs start on the engine) and makes it the user's current workspace. A user who already administers one is
    /// switched to it instead of getting a second.
    /// </summary>
    public async Task<(WorkResult Result, WorkspaceSummary? Workspace, bool Created)> CreateAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (sandbox is null) return (WorkResult.Invalid(NoSandbox), null, false);
        var existing = await db.Memberships.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.UserId == userId && m.Role == WorkspaceRole.Admin && m.Workspace!.IsSample)
            .Select(m => new WorkspaceSummary(m.WorkspaceId, m.Workspace!.Name, m.Role, true))
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            await resolver.SwitchAsync(userId, existing.WorkspaceId, cancellationToken);
            return (WorkResult.Ok, existing, false);
        }

        var workspace = provisioner.AddWorkspace(userId, Name, isSample: true);
        await db.SaveChangesAsync(cancellationToken);

        var connected = 0;
        foreach (var provider in ProviderCatalog.All)
        {
            // One scope per connect, as the demo does: each is its own unit of work in the new workspace.
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspace.Id, workspace.Name, userId, WorkspaceRole.Admin, isSample: true);
            if (scope.ServiceProvider.GetRequiredService<ConnectorRegistry>().Find(provider.Key) is null) continue;
            var (result, _) = await scope.ServiceProvider.GetRequiredService<ConnectionService>()
                .ConnectAsync(new ConnectRequest(provider.Key, UseSandbox: true, Schedule: SyncSchedule.Daily), cancellationToken);
            if (result.Succeeded) connected++;
            else logger.LogWarning("Sample workspace {Workspace} could not connect the {Provider} sandbox: {Reason}", workspace.Id, provider.Title, result.Message);
        }
        if (connected == 0)
        {
            await DeleteEverythingAsync(workspace.Id, cancellationToken);
            return (WorkResult.Conflict("The sandbox did not answer, so no sample data could be made. Try again in a minute."), null, false);
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspace.Id, workspace.Name, userId, WorkspaceRole.Admin, isSample: true);
            await scope.ServiceProvider.GetRequiredService<ActivityLog>().RecordAsync("workspace.sample_created", $"{connected} sample sources", cancellationToken);
            await scope.ServiceProvider.GetRequiredService<WorkDbContext>().SaveChangesAsync(cancellationToken);
        }
        await resolver.SwitchAsync(userId, workspace.Id, cancellationToken);
        return (WorkResult.Ok, new WorkspaceSummary(workspace.Id, workspace.Name, WorkspaceRole.Admin, true), true);
    }

    /// <summary>
    /// Removes sample workspace <paramref name="workspaceId"/> and everything in it, and moves <paramref name="userId"/> back
    /// to another of their workspaces (returned). Its syncs are stopped first, so none writes after the delete; the delete
    /// itself is one transaction over every table that holds workspace rows.
    /// </summary>
    public async Task<(WorkResult Result, WorkspaceSummary? Home)> RemoveAsync(string userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        var membership = await db.Memberships.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.UserId == userId && m.WorkspaceId == workspaceId)
            .Select(m => new { m.Role, m.Workspace!.IsSample })
            .SingleOrDefaultAsync(cancellationToken);
        if (membership is null) return (WorkResult.NotFound($"Workspace {workspaceId} was not found among your workspaces."), null);
        if (!membership.IsSample) return (WorkResult.Conflict(NotSample), null);
        if (membership.Role != WorkspaceRole.Admin) return (WorkResult.Forbidden(AdminOnly), null);

        if (!await StopSyncsAsync(workspaceId, cancellationToken))
            return (WorkResult.Conflict("The sample data is still being loaded and did not stop in time. Try removing it again in a moment."), null);
        await DeleteEverythingAsync(workspaceId, cancellationToken);

        // Back home: the user's oldest workspace (a new personal one if the sample was their only one).
        var home = (await resolver.MembershipsOfAsync(userId, cancellationToken)).FirstOrDefault();
        if (home is not null) await resolver.SwitchAsync(userId, home.WorkspaceId, cancellationToken);
        else home = await resolver.ResolveAsync(userId, cancellationToken: cancellationToken);
        if (home is not null)
        {
            // The sample's own activity went with it; the workspace the user is back in keeps the fact.
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(home.WorkspaceId, home.WorkspaceName, userId, home.Role);
            await scope.ServiceProvider.GetRequiredService<ActivityLog>().RecordAsync("workspace.sample_removed", null, cancellationToken);
            await scope.ServiceProvider.GetRequiredService<WorkDbContext>().SaveChangesAsync(cancellationToken);
        }
        logger.LogInformation("Sample workspace {Workspace} removed by {User}", workspaceId, userId);
        return (WorkResult.Ok, home);
    }

    /// <summary>Pauses the sample's connections and cancels its runs, then waits until none is running.</summary>
    private async Task<bool> StopSyncsAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await db.Connections.IgnoreQueryFilters().Where(c => c.WorkspaceId == workspaceId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Paused, true).SetProperty(c => c.NextSyncAt, (DateTimeOffset?)null), cancellationToken);
        var now = time.GetUtcNow();
        await db.PipelineRuns.IgnoreQueryFilters().Where(r => r.WorkspaceId == workspaceId && r.Status == PipelineRunStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, PipelineRunStatus.Cancelled).SetProperty(r => r.FinishedAt, now), cancellationToken);
        await db.PipelineRuns.IgnoreQueryFilters().Where(r => r.WorkspaceId == workspaceId && r.Status == PipelineRunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true), cancellationToken);

        var until = time.GetUtcNow() + StopWait;
        while (await db.PipelineRuns.IgnoreQueryFilters().AnyAsync(r => r.WorkspaceId == workspaceId && r.Status == PipelineRunStatus.Running, cancellationToken))
        {
            if (time.GetUtcNow() > until) return false;
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
        }
        return true;
    }

    /// <summary>
    /// Deletes the workspace's rows from every table of a tenant-owned entity (found in the model, so a table added later
    /// is not forgotten), then the workspace, in one transaction: it all goes, or nothing does.
    /// </summary>
    private async Task DeleteEverythingAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var entities = db.Model.GetEntityTypes()
            .Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType) && e.GetTableName() is not null)
            // Children before the rows they point at: run log lines before runs, memberships last.
            .OrderBy(e => e.ClrType == typeof(PipelineRun) ? 1 : e.ClrType == typeof(Membership) ? 2 : 0)
            .Select(e => e.ClrType)
            .ToList();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var entity in entities)
                await (Task<int>)DeleteRowsMethod.MakeGenericMethod(entity).Invoke(null, [db, workspaceId, cancellationToken])!;
            await db.Workspaces.Where(w => w.Id == workspaceId).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    private static readonly System.Reflection.MethodInfo DeleteRowsMethod =
        typeof(SampleWorkspaces).GetMethod(nameof(DeleteRowsAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    private static Task<int> DeleteRowsAsync<T>(WorkDbContext db, Guid workspaceId, CancellationToken cancellationToken) where T : class, ITenantOwned =>
        db.Set<T>().IgnoreQueryFilters().Where(e => e.WorkspaceId == workspaceId).ExecuteDeleteAsync(cancellationToken);
}
