using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Workspaces;

[Collection(SampleDataCollection.Name)]
public sealed class SampleWorkspacesTests(SampleDataApp app)
{
    [Fact]
    public async Task Exploring_makes_a_new_sample_workspace_with_every_sandbox_connected_and_switches_to_it()
    {
        var user = await ApiUser.RegisterAsync(app, "explorer");
        var home = (await user.MeAsync()).Workspace;

        var userId = (await user.MeAsync()).UserId;

        var (result, sample, created) = await SamplesAsync(s => s.CreateAsync(userId));

        Assert.True(result.Succeeded, result.Message);
        Assert.True(created);
        Assert.NotEqual(home.WorkspaceId, sample!.WorkspaceId);
        var me = await user.MeAsync();
        Assert.Equal(new WorkspaceSummary(sample.WorkspaceId, SampleWorkspaces.Name, WorkspaceRole.Admin, IsSample: true), me.Workspace);
        var connections = await InAsync(sample.WorkspaceId, db => db.Connections.Select(c => new { c.Provider, c.UsesSandbox }).ToListAsync());
        var registry = app.Services.GetRequiredService<ConnectorRegistry>();
        Assert.Equal(ProviderCatalog.All.Where(p => registry.Find(p.Key) is not null).Select(p => p.Key).Order(), connections.Select(c => c.Provider).Order());
        Assert.All(connections, c => Assert.True(c.UsesSandbox));
        // The first syncs run on the engine, as a real source's do.
        Assert.Equal(connections.Count, await InAsync(sample.WorkspaceId, db => db.PipelineRuns.CountAsync(r => r.Kind == "sync-connection")));
        // The user's own workspace is as it was: not sample data, nothing connected.
        Assert.Contains(me.Workspaces, w => w.WorkspaceId == home.WorkspaceId && !w.IsSample);
        Assert.Equal(0, await InAsync(home.WorkspaceId, db => db.Connections.CountAsync()));
    }

    [Fact]
    public async Task Exploring_again_goes_back_to_the_same_sample_instead_of_making_another()
    {
        var user = await ApiUser.RegisterAsync(app, "again");
        var userId = (await user.MeAsync()).UserId;
        var (_, first, _) = await SamplesAsync(s => s.CreateAsync(userId));
        var home = (await user.MeAsync()).Workspaces.Single(w => !w.IsSample).WorkspaceId;
        await user.Client.PostAsync($"api/work/workspaces/{home}/switch", null);

        var (result, second, created) = await SamplesAsync(s => s.CreateAsync(userId));

        Assert.True(result.Succeeded);
        Assert.False(created);
        Assert.Equal(first!.WorkspaceId, second!.WorkspaceId);
        Assert.Single((await user.MeAsync()).Workspaces, w => w.IsSample);
        Assert.Equal(first.WorkspaceId, (await user.MeAsync()).Workspace.WorkspaceId);
    }

    [Fact]
    public async Task Removing_deletes_every_row_of_the_sample_and_leaves_other_workspaces_as_they_were()
    {
        var other = await ApiUser.RegisterAsync(app, "bystander");
        var otherId = (await other.MeAsync()).UserId;
        var (_, otherSample, _) = await SamplesAsync(s => s.CreateAsync(otherId));
        var user = await ApiUser.RegisterAsync(app, "remover");
        var me = await user.MeAsync();
        var (_, sample, _) = await SamplesAsync(s => s.CreateAsync(me.UserId));
        // Some synced data first, so there is something in the records, metrics and runs tables to delete (syncs may still run).
        await WaitUntilAsync(() => InAsync(sample!.WorkspaceId, db => db.DailyMetrics.AnyAsync()));
        await WaitUntilAsync(() => InAsync(otherSample!.WorkspaceId, db => db.DailyMetrics.AnyAsync()));
        await WaitForSyncsOfAsync(otherSample!.WorkspaceId);
        var otherBefore = await RowsByTableAsync(otherSample.WorkspaceId);
        var homeBefore = await RowsByTableAsync(me.Workspace.WorkspaceId);
        Assert.True(otherBefore["SourceRecords"] > 0 && otherBefore["DailyMetrics"] > 0 && otherBefore["PipelineRuns"] > 0);

        var (result, back) = await SamplesAsync(s => s.RemoveAsync(me.UserId, sample!.WorkspaceId));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(me.Workspace.WorkspaceId, back!.WorkspaceId);
        Assert.Equal(me.Workspace.WorkspaceId, (await user.MeAsync()).Workspace.WorkspaceId);
        Assert.All(await RowsByTableAsync(sample!.WorkspaceId), t => Assert.True(t.Value == 0, $"{t.Value} rows of the sample left in {t.Key}"));
        Assert.False(await InAsync(sample.WorkspaceId, db => db.Workspaces.AnyAsync(w => w.Id == sample.WorkspaceId)));
        Assert.Equal(otherBefore, await RowsByTableAsync(otherSample.WorkspaceId));
        // The user's own workspace is as it was, with one line more in its activity: that the sample was removed.
        homeBefore["Activity"]++;
        Assert.Equal(homeBefore, await RowsByTableAsync(me.Workspace.WorkspaceId));
        Assert.Equal("workspace.sample_removed", await InAsync(me.Workspace.WorkspaceId, db => db.Activity.OrderByDescending(a => a.At).Select(a => a.Action).FirstAsync()));
        // A sync that was stopped writes nothing after the delete: still nothing a moment later.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.All(await RowsByTableAsync(sample.WorkspaceId), t => Assert.True(t.Value == 0, $"{t.Value} rows of the sample appeared in {t.Key}"));
    }

    [Fact]
    public async Task A_workspace_that_is_not_sample_data_cannot_be_removed_this_way()
    {
        var user = await ApiUser.RegisterAsync(app, "keeper");
        var me = await user.MeAsync();

        var (result, _) = await SamplesAsync(s => s.RemoveAsync(me.UserId, me.Workspace.WorkspaceId));

        Assert.Equal(WorkError.Conflict, result.Error);
        Assert.Equal(SampleWorkspaces.NotSample, result.Message);
        Assert.True(await InAsync(me.Workspace.WorkspaceId, db => db.Workspaces.AnyAsync(w => w.Id == me.Workspace.WorkspaceId)));
        Assert.Equal(1, await InAsync(me.Workspace.WorkspaceId, db => db.Memberships.CountAsync()));
    }

    [Fact]
    public async Task Only_an_admin_of_the_sample_can_remove_it()
    {
        var owner = await ApiUser.RegisterAsync(app, "sampleowner");
        var ownerId = (await owner.MeAsync()).UserId;
        var (_, sample, _) = await SamplesAsync(s => s.CreateAsync(ownerId));
        var member = await ApiUser.RegisterAsync(app, "samplemember");
        await owner.AddMemberAsync(member, WorkspaceRole.Member); // the owner's current workspace is the sample now
        var stranger = await ApiUser.RegisterAsync(app, "stranger");

        var memberId = (await member.MeAsync()).UserId;
        var strangerId = (await stranger.MeAsync()).UserId;

        var (byMember, _) = await SamplesAsync(s => s.RemoveAsync(memberId, sample!.WorkspaceId));
        var (byStranger, _) = await SamplesAsync(s => s.RemoveAsync(strangerId, sample!.WorkspaceId));

        Assert.Equal(WorkError.Forbidden, byMember.Error);
        Assert.Equal(WorkError.NotFound, byStranger.Error);
        Assert.True(await InAsync(sample!.WorkspaceId, db => db.Workspaces.AnyAsync(w => w.Id == sample.WorkspaceId)));
        Assert.Equal(2, await InAsync(sample.WorkspaceId, db => db.Memberships.CountAsync()));
    }

    private async Task<T> SamplesAsync<T>(Func<SampleWorkspaces, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<SampleWorkspaces>());
    }

    private async Task<T> InAsync<T>(Guid workspaceId, Func<WorkDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspaceId, "", null, WorkspaceRole.Admin);
        return await query(scope.ServiceProvider.GetRequiredService<WorkDbContext>());
    }

    /// <summary>Rows of the workspace in every table of a tenant-owned entity, by table.</summary>
    private Task<Dictionary<string, int>> RowsByTableAsync(Guid workspaceId) => InAsync(workspaceId, async db =>
    {
        var counts = new Dictionary<string, int>();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)))
            counts[entity.GetTableName()!] = await (Task<int>)CountMethod.MakeGenericMethod(entity.ClrType).Invoke(null, [db])!;
        return counts;
    });

    private static readonly System.Reflection.MethodInfo CountMethod =
        typeof(SampleWorkspacesTests).GetMethod(nameof(CountAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    // Through the query filter: the rows the scope's workspace owns.
    private static Task<int> CountAsync<T>(WorkDbContext db) where T : class => db.Set<T>().CountAsync();

    private async Task WaitForSyncsOfAsync(Guid workspaceId) =>
        await WaitUntilAsync(() => InAsync(workspaceId, db => db.PipelineRuns.AllAsync(r => r.Status != PipelineRunStatus.Queued && r.Status != PipelineRunStatus.Running)));

    // A deadline for waiting on the engine, not a speed check.
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("still waiting after 120 s");
            await Task.Delay(200);
        }
    }
}
