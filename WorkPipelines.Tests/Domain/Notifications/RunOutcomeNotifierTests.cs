using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Notifications;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Tests.Domain.Pipelines;

namespace WorkPipelines.Tests.Domain.Notifications;

/// <summary>The bell hears of a run someone asked for when it ends, through the run events, not from the engine's code.</summary>
public sealed class RunOutcomeNotifierTests : IAsyncLifetime
{
    private PipelineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineTestHost.CreateAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_finished_and_a_failed_run_leave_one_notification_each_for_who_asked()
    {
        await _host.StartAsync();
        var quick = await Request(QuickKind.KindName, new QuickPayload("hi"), "u-quick");
        var broken = await Request(BrokenKind.KindName, null, "u-broken");
        await _host.WaitForStatusAsync(quick, PipelineRunStatus.Succeeded);
        await _host.WaitForStatusAsync(broken, PipelineRunStatus.Failed);

        var finished = await WaitForNotificationAsync("u-quick");
        Assert.Equal((_host.WorkspaceA, NotificationLevel.Success, $"pipelines/{quick}"), (finished.WorkspaceId, finished.Level, finished.Link));
        Assert.EndsWith(" finished", finished.Title);
        Assert.Equal("half way", finished.Body); // the run's last progress message

        var failed = await WaitForNotificationAsync("u-broken");
        Assert.Equal((NotificationLevel.Error, BrokenKind.Reason), (failed.Level, failed.Body));
        Assert.EndsWith(" failed", failed.Title);

        await _host.StopAsync();
        Assert.Equal(2, await CountAsync(_ => true));
    }

    [Fact]
    public async Task A_run_nobody_asked_for_leaves_none()
    {
        await _host.StartAsync();
        var run = await Request(QuickKind.KindName, new QuickPayload("scheduled"), userId: null);
        var asked = await Request(QuickKind.KindName, new QuickPayload("asked"), "u1");
        await _host.WaitForStatusAsync(run, PipelineRunStatus.Succeeded);
        await WaitForNotificationAsync("u1");
        await _host.StopAsync();

        Assert.Equal(0, await CountAsync(n => n.Link == $"pipelines/{run}"));
        Assert.Equal(1, await CountAsync(n => n.Link == $"pipelines/{asked}"));
    }

    [Fact]
    public async Task A_run_of_a_workspace_removed_meanwhile_leaves_none()
    {
        await _host.StartAsync();
        var bus = _host.Services.GetRequiredService<RunEventBus>();
        var gone = Guid.NewGuid();

        // Handled in order by one loop: once the second is written, the first was handled.
        bus.Publish(Event(RunEventType.Cancelled, "u-gone") with { WorkspaceId = gone });
        bus.Publish(Event(RunEventType.Succeeded, "u-here") with { WorkspaceId = _host.WorkspaceA });
        await WaitForNotificationAsync("u-here");
        await _host.StopAsync();

        Assert.Equal(0, await CountAsync(n => n.WorkspaceId == gone));
    }

    [Theory]
    [InlineData(RunEventType.Queued)]
    [InlineData(RunEventType.Started)]
    [InlineData(RunEventType.Progress)]
    [InlineData(RunEventType.Retrying)]
    [InlineData(RunEventType.Requeued)]
    public void Only_an_ending_leaves_a_notification(RunEventType type)
    {
        Assert.Null(RunOutcomeNotifier.For(Event(type, "u1")));
        Assert.NotNull(RunOutcomeNotifier.For(Event(RunEventType.Cancelled, "u1")));
        Assert.Equal(NotificationLevel.Warning, RunOutcomeNotifier.For(Event(RunEventType.Cancelled, "u1"))!.Level);
    }

    private static RunEvent Event(RunEventType type, string? userId) =>
        new(type, Guid.NewGuid(), Guid.NewGuid(), "k", "Sync Stripe", PipelineRunStatus.Running, 0, null, userId, DateTimeOffset.UnixEpoch);

    private async Task<Guid> Request(string kind, object? payload, string? userId) =>
        (await _host.EnqueueRequestAsync(new PipelineRequest(_host.WorkspaceA, kind) { Payload = payload, RequestedByUserId = userId })).Run.Id;

    private async Task<Notification> WaitForNotificationAsync(string userId)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            await using var scope = _host.Services.CreateAsyncScope();
            var found = await scope.ServiceProvider.GetRequiredService<WorkDbContext>().Notifications.IgnoreQueryFilters().AsNoTracking()
                .SingleOrDefaultAsync(n => n.UserId == userId);
            if (found is not null) return found;
            Assert.True(DateTime.UtcNow < until, $"no notification for {userId}");
            await Task.Delay(50);
        }
    }

    private async Task<int> CountAsync(System.Linq.Expressions.Expression<Func<Notification, bool>> predicate)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkDbContext>().Notifications.IgnoreQueryFilters().CountAsync(predicate);
    }
}
