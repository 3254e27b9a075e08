using Bunit;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Web.Components.Layout;
using WorkPipelines.Web.Components.Shared;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Components.Layout;

public sealed class ShellComponentTests : ShellComponentContext
{
    [Fact]
    public void Nav_menu_links_every_area_of_the_product()
    {
        var menu = Render<NavMenu>();

        var links = menu.FindAll("a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href"))).ToList();

        Assert.Equal(
            [("Dashboard", "dashboard"), ("Connectors", "connectors"), ("Pipelines", "pipelines"), ("Goals", "goals"), ("Alerts", "alerts"), ("Reports", "reports"),
             ("Share links", "shares"), ("Brand analysis", "brand"), ("Agents", "agents"), ("Activity", "activity"), ("Workspace settings", "workspace")],
            links);
    }

    [Fact]
    public async Task Bell_shows_the_unread_count_and_clears_it_on_mark_all_read()
    {
        await AddNotificationsAsync(("Sync finished", false), ("Report ready", false), ("Old news", true));
        var popovers = RenderPopovers();
        var bell = Render<NotificationBell>();

        bell.WaitForAssertion(() => Assert.Equal("2", bell.Find(".mud-badge").TextContent.Trim()));
        bell.Find("button[aria-label=Notifications]").Click();
        popovers.WaitForAssertion(() => Assert.Contains("Report ready", popovers.Markup));
        popovers.Find("button:contains('Mark all read')").Click();

        bell.WaitForAssertion(() => Assert.Empty(bell.FindAll(".mud-badge-visible")));
    }

    [Fact]
    public async Task Bell_reloads_when_a_run_the_user_started_ends()
    {
        var bell = Render<NotificationBell>();
        Assert.Empty(bell.FindAll(".mud-badge-visible"));

        // What RunQueue does when a run someone asked for ends: store the notification, then publish.
        await AddNotificationsAsync(("Self-test finished", false));
        Services.GetRequiredService<RunEventBus>().Publish(new RunEvent(RunEventType.Succeeded, Guid.NewGuid(), Home.Id, "diagnostics.self-test",
            "Self-test", PipelineRunStatus.Succeeded, 100, null, UserId, DateTimeOffset.UtcNow));

        bell.WaitForAssertion(() => Assert.Equal("1", bell.Find(".mud-badge").TextContent.Trim()));
    }

    [Fact]
    public void A_finished_run_announces_itself_for_a_while_and_a_failed_one_until_dismissed()
    {
        var snackbars = Render<MudBlazor.MudSnackbarProvider>();
        Render<RunCompletionSnackbar>();
        var events = Services.GetRequiredService<RunEventBus>();
        events.Publish(new RunEvent(RunEventType.Succeeded, Guid.NewGuid(), Home.Id, "diagnostics.self-test",
            "Self-test", PipelineRunStatus.Succeeded, 100, null, UserId, DateTimeOffset.UtcNow));
        events.Publish(new RunEvent(RunEventType.Failed, Guid.NewGuid(), Home.Id, "diagnostics.self-test",
            "Self-test", PipelineRunStatus.Failed, 40, "the sandbox said no", UserId, DateTimeOffset.UtcNow));
        snackbars.WaitForAssertion(() => Assert.Equal(2, snackbars.FindAll(".mud-snackbar").Count));

        // Eight seconds on screen, then the finished one goes (the bell keeps it); the failure waits for the user.
        snackbars.WaitForAssertion(() =>
        {
            var left = Assert.Single(snackbars.FindAll(".mud-snackbar"));
            Assert.Contains("Self-test failed: the sandbox said no", left.TextContent);
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Bell_ignores_runs_of_other_workspaces()
    {
        var bell = Render<NotificationBell>();
        await AddNotificationsAsync(("Stored but not announced", false));

        Services.GetRequiredService<RunEventBus>().Publish(new RunEvent(RunEventType.Succeeded, Guid.NewGuid(), Guid.NewGuid(), "diagnostics.self-test",
            "Self-test", PipelineRunStatus.Succeeded, 100, null, UserId, DateTimeOffset.UtcNow));

        await Task.Delay(200);
        Assert.Empty(bell.FindAll(".mud-badge-visible"));
    }

    [Fact]
    public void Bell_with_no_notifications_says_so()
    {
        var popovers = RenderPopovers();
        var bell = Render<NotificationBell>();

        bell.Find("button[aria-label=Notifications]").Click();

        popovers.WaitForAssertion(() => Assert.Contains("You're all caught up", popovers.Markup));
        Assert.Empty(bell.FindAll(".mud-badge-visible"));
    }

    [Fact]
    public async Task Workspace_switcher_shows_the_current_workspace_and_lists_the_others()
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<WorkspaceProvisioner>().AddWorkspace(UserId, "Side project");
            await scope.ServiceProvider.GetRequiredService<WorkPipelines.Domain.Data.WorkDbContext>().SaveChangesAsync();
        }
        var popovers = RenderPopovers();
        var switcher = Render<WorkspaceSwitcher>();

        Assert.Contains("Ada's workspace", switcher.Find(".workspace-name").TextContent);
        switcher.Find("button").Click();

        popovers.WaitForAssertion(() => Assert.Contains("Side project", popovers.Markup));
    }

    [Fact]
    public void Empty_state_offers_the_next_step_only_when_it_has_one()
    {
        var withAction = Render<EmptyState>(p => p
            .Add(e => e.Title, "No reports yet").Add(e => e.Text, "Reports appear here.")
            .Add(e => e.ActionText, "Generate a report").Add(e => e.ActionHref, "reports/new"));
        var withoutAction = Render<EmptyState>(p => p.Add(e => e.Title, "Nothing").Add(e => e.Text, "Still nothing."));

        Assert.Equal("reports/new", withAction.Find("a").GetAttribute("href"));
        Assert.Contains("No reports yet", withAction.Markup);
        Assert.Empty(withoutAction.FindAll("a"));
    }

    [Theory]
    [InlineData(10, "just now")]
    [InlineData(3 * 60, "3 min ago")]
    [InlineData(5 * 3600, "5 h ago")]
    [InlineData(2 * 86400, "2 d ago")]
    public void Relative_time_reads_like_a_person_would_say_it(int secondsAgo, string expected)
    {
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(expected, RelativeTime.Describe(now.AddSeconds(-secondsAgo), now));
    }

    [Fact]
    public void Relative_time_older_than_a_week_shows_the_date()
    {
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal("1 Nov 2026", RelativeTime.Describe(now.AddDays(-27), now));
    }
}
