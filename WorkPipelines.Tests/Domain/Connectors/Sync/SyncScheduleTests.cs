using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors.Sync;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Sync;

[Collection(AppCollection.Name)]
public class SyncScheduleTests(WorkAppFactory app)
{
    [Fact]
    public async Task After_downtime_a_due_connection_gets_exactly_one_catch_up_sync()
    {
        var admin = await ApiUser.RegisterAsync(app, "catchup");
        await admin.ConnectSandboxAsync("stripe", historyDays: 2);
        await admin.WaitForIdleAsync();
        await admin.Client.PutAsJsonAsync("api/work/connectors/stripe", new { schedule = "Hourly" });
        // Five hourly syncs were missed while the app was down.
        await app.InWorkspaceAsync(admin, db => db.Connections.ExecuteUpdateAsync(s => s.SetProperty(c => c.NextSyncAt, DateTimeOffset.UtcNow.AddHours(-5))));

        await InvokeSchedulerAsync();
        await InvokeSchedulerAsync();

        var scheduled = await app.InWorkspaceAsync(admin, db => db.PipelineRuns.CountAsync(r => r.Trigger == PipelineTrigger.Schedule));
        var next = await app.InWorkspaceAsync(admin, db => db.Connections.Select(c => c.NextSyncAt).SingleAsync());
        Assert.Equal(1, scheduled);
        Assert.True(next > DateTimeOffset.UtcNow.AddMinutes(55), $"next sync at {next}");
    }

    [Fact]
    public async Task Concurrent_ticks_queue_one_sync_and_move_the_next_time_once()
    {
        var admin = await ApiUser.RegisterAsync(app, "ticks");
        await admin.ConnectSandboxAsync("stripe", historyDays: 2);
        await admin.WaitForIdleAsync();
        await admin.Client.PutAsJsonAsync("api/work/connectors/stripe", new { schedule = "Hourly" });
        await app.InWorkspaceAsync(admin, db => db.Connections.ExecuteUpdateAsync(s => s.SetProperty(c => c.NextSyncAt, DateTimeOffset.UtcNow.AddMinutes(-1))));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(InvokeSchedulerAsync)));

        var scheduled = await app.InWorkspaceAsync(admin, db => db.PipelineRuns.CountAsync(r => r.Trigger == PipelineTrigger.Schedule));
        var next = await app.InWorkspaceAsync(admin, db => db.Connections.Select(c => c.NextSyncAt).SingleAsync());
        Assert.Equal(1, scheduled);
        Assert.True(next > DateTimeOffset.UtcNow.AddMinutes(55), $"next sync at {next}");
    }

    [Fact]
    public async Task Manual_and_paused_connections_are_never_scheduled()
    {
        var admin = await ApiUser.RegisterAsync(app, "manual");
        await admin.ConnectSandboxAsync("stripe", historyDays: 2);
        await admin.WaitForIdleAsync();
        await app.InWorkspaceAsync(admin, db => db.Connections.ExecuteUpdateAsync(s => s.SetProperty(c => c.NextSyncAt, DateTimeOffset.UtcNow.AddHours(-1))));

        await InvokeSchedulerAsync(); // schedule is Manual (ConnectSandboxAsync)
        await admin.Client.PutAsJsonAsync("api/work/connectors/stripe", new { schedule = "Hourly", paused = true });
        await app.InWorkspaceAsync(admin, db => db.Connections.ExecuteUpdateAsync(s => s.SetProperty(c => c.NextSyncAt, DateTimeOffset.UtcNow.AddHours(-1))));
        await InvokeSchedulerAsync();

        Assert.Equal(0, await app.InWorkspaceAsync(admin, db => db.PipelineRuns.CountAsync(r => r.Trigger == PipelineTrigger.Schedule)));
        Assert.Equal("Paused", (await admin.ConnectorAsync("stripe")).State);
    }

    [Fact]
    public async Task Five_failed_syncs_in_a_row_pause_the_connection_with_a_warning()
    {
        var admin = await ApiUser.RegisterAsync(app, "pauser");
        await admin.ConnectSandboxAsync("stripe", historyDays: 2);
        await admin.WaitForIdleAsync();
        await admin.SetFaultsAsync("stripe", new { tokenExpired = true });

        for (var i = 0; i < 5; i++) await admin.SyncAndWaitAsync("stripe");
        var connector = await admin.ConnectorAsync("stripe");

        Assert.True(connector.Paused);
        Assert.Equal("Paused", connector.State);
        Assert.StartsWith("Paused after 5 failed syncs in a row", connector.LastError);
    }

    private async Task InvokeSchedulerAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ScheduleDueSyncs>().Invoke();
    }
}
