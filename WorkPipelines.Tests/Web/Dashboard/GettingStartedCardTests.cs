using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Identity;
using WorkPipelines.Domain.Reports.Schedules;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Web.Features.Dashboard;

namespace WorkPipelines.Tests.Web.Dashboard;

public sealed class GettingStartedCardTests : ShellComponentContext
{
    [Fact]
    public async Task A_new_workspace_has_three_open_steps_each_with_its_button()
    {
        var card = await RenderCardAsync(sampleAvailable: true);

        Assert.Equal("0 of 3 done", card.Find("[data-testid=getting-started-progress]").TextContent);
        Assert.All(["source", "teammate", "report"], step => Assert.Equal("false", card.Find($"[data-testid=step-{step}]").GetAttribute("data-done")));
        Assert.Equal("connectors", card.Find("[data-testid=getting-started-connect]").GetAttribute("href"));
        Assert.Equal("workspace", card.Find("[data-testid=getting-started-invite]").GetAttribute("href"));
        Assert.Equal("reports", card.Find("[data-testid=getting-started-schedule]").GetAttribute("href"));
        Assert.Contains("Explore with sample data", card.Find("[data-testid=explore-sample]").TextContent);
    }

    [Fact]
    public async Task Steps_are_ticked_from_the_workspace_data()
    {
        await InHomeAsync(db =>
        {
            db.Connections.Add(new Connection { WorkspaceId = Home.Id, Provider = "stripe", ProtectedCredentials = "x", BaseUrl = "http://127.0.0.1/" });
            db.Users.Add(new AppUser { Id = "user-2", UserName = "bo@example.test", Email = "bo@example.test" });
            db.Memberships.Add(new Membership { WorkspaceId = Home.Id, UserId = "user-2", Role = WorkspaceRole.Member });
        });

        var card = await RenderCardAsync(sampleAvailable: true);

        Assert.Equal("2 of 3 done", card.Find("[data-testid=getting-started-progress]").TextContent);
        Assert.Equal("true", card.Find("[data-testid=step-source]").GetAttribute("data-done"));
        Assert.Equal("true", card.Find("[data-testid=step-teammate]").GetAttribute("data-done"));
        Assert.Equal("false", card.Find("[data-testid=step-report]").GetAttribute("data-done"));
        // Done steps offer nothing more to do; sample data is for a workspace with no source yet.
        Assert.Empty(card.FindAll("[data-testid=getting-started-connect], [data-testid=getting-started-invite], [data-testid=explore-sample]"));
        Assert.Single(card.FindAll("[data-testid=getting-started-schedule]"));
    }

    [Fact]
    public async Task With_every_step_done_the_checklist_is_gone()
    {
        await InHomeAsync(db =>
        {
            db.Connections.Add(new Connection { WorkspaceId = Home.Id, Provider = "stripe", ProtectedCredentials = "x", BaseUrl = "http://127.0.0.1/" });
            db.Users.Add(new AppUser { Id = "user-2", UserName = "bo@example.test", Email = "bo@example.test" });
            db.Memberships.Add(new Membership { WorkspaceId = Home.Id, UserId = "user-2", Role = WorkspaceRole.Member });
            db.ReportSchedules.Add(new ReportSchedule { WorkspaceId = Home.Id, PeriodKey = "7d", Cadence = ReportCadence.Weekly, DayOfWeek = DayOfWeek.Monday });
        });

        var card = await RenderCardAsync(sampleAvailable: true);

        Assert.Empty(card.FindAll("[data-testid=getting-started]"));
    }

    [Fact]
    public async Task An_admin_hides_the_checklist_for_the_workspace_and_it_stays_hidden()
    {
        var card = await RenderCardAsync(sampleAvailable: true);

        await card.Find("[data-testid=getting-started-dismiss]").ClickAsync(new());

        card.WaitForAssertion(() => Assert.Empty(card.FindAll("[data-testid=getting-started]")));
        Assert.True((await StatusAsync()).Dismissed);
        Assert.Empty((await RenderCardAsync(sampleAvailable: true)).FindAll("[data-testid=getting-started]"));
    }

    [Fact]
    public async Task A_member_reads_who_does_each_step_and_gets_no_admin_buttons()
    {
        await InHomeAsync(db => db.Memberships.IgnoreQueryFilters().Where(m => m.UserId == UserId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, WorkspaceRole.Member)));
        Workspace.Set(Home.Id, Home.Name, UserId, WorkspaceRole.Member);

        var card = await RenderCardAsync(sampleAvailable: true);

        Assert.Empty(card.FindAll("[data-testid=getting-started-connect], [data-testid=getting-started-invite], [data-testid=getting-started-schedule], [data-testid=getting-started-dismiss]"));
        Assert.Contains("An admin of this workspace connects sources", card.Find("[data-testid=step-source]").TextContent);
        Assert.Contains("An admin of this workspace adds teammates", card.Find("[data-testid=step-teammate]").TextContent);
        Assert.Contains("An admin of this workspace schedules reports", card.Find("[data-testid=step-report]").TextContent);
        // Sample data is a workspace of their own, so a member may explore it too.
        Assert.Single(card.FindAll("[data-testid=explore-sample]"));
    }

    [Fact]
    public async Task Without_a_sandbox_sample_data_is_not_offered()
    {
        var card = await RenderCardAsync(sampleAvailable: false);

        Assert.Empty(card.FindAll("[data-testid=explore-sample]"));
        Assert.DoesNotContain("sample", card.Find("[data-testid=step-source]").TextContent, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<IRenderedComponent<GettingStartedCard>> RenderCardAsync(bool sampleAvailable)
    {
        var status = await StatusAsync();
        return Render<GettingStartedCard>(p => p.Add(c => c.Status, status).Add(c => c.SampleAvailable, sampleAvailable));
    }

    private async Task<GettingStartedStatus> StatusAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(Home.Id, Home.Name, UserId, WorkspaceRole.Admin);
        return await scope.ServiceProvider.GetRequiredService<GettingStarted>().GetAsync();
    }

    private async Task InHomeAsync(Func<WorkDbContext, Task> change)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(Home.Id, Home.Name, UserId, WorkspaceRole.Admin);
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        await change(db);
        await db.SaveChangesAsync();
    }

    private Task InHomeAsync(Action<WorkDbContext> change) => InHomeAsync(db => { change(db); return Task.CompletedTask; });
}
