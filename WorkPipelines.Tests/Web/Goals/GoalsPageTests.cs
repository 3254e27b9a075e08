using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Goals;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Web.Features.Dashboard;
using WorkPipelines.Web.Features.Goals;

namespace WorkPipelines.Tests.Web.Goals;

/// <summary>The goals page, a goal's card and a dashboard tile with a goal, in bUnit over the real domain services.</summary>
public sealed class GoalsPageTests : ShellComponentContext
{
    [Fact]
    public void With_no_goals_an_admin_reads_what_goals_are_and_can_add_one()
    {
        var page = Render<GoalsPage>();

        page.WaitForAssertion(() => Assert.Contains("A goal is a target for one of your dashboard numbers", page.Find("[data-testid=empty-state]").TextContent));
        Assert.Equal("Add a goal", page.Find("[data-testid=add-goal]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=goal-card]"));
    }

    [Fact]
    public void A_member_reads_that_admins_set_goals_and_has_no_button()
    {
        Workspace.Set(Home.Id, Home.Name, UserId, WorkspaceRole.Member);

        var page = Render<GoalsPage>();

        page.WaitForAssertion(() => Assert.Contains("Admins of this workspace can set them", page.Find("[data-testid=empty-state]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=add-goal]"));
    }

    [Fact]
    public async Task A_goal_without_its_source_shows_what_to_connect_and_an_admin_can_edit_it()
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(Home.Id, Home.Name, UserId, WorkspaceRole.Admin);
            var (result, _) = await scope.ServiceProvider.GetRequiredService<GoalService>().CreateAsync(new GoalInput("traffic.sessions", 12000, "month"));
            Assert.True(result.Succeeded, result.Message);
        }

        var page = Render<GoalsPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=goal-card]")));
        var card = page.Find("[data-testid=goal-card]");
        Assert.Contains("Connect Google Analytics 4 to measure sessions.", page.Find("[data-testid=goal-sentence]").TextContent);
        Assert.Contains("Traffic · at least 12k a month", card.TextContent);
        Assert.Equal("No data", page.Find("[data-testid=goal-pace]").TextContent.Trim());
        Assert.Single(page.FindAll("[data-testid=goal-edit]"));
        Assert.Equal("connectors", page.Find("[data-testid=goal-connect]").GetAttribute("href"));
        Assert.Equal("Add a goal", page.Find("[data-testid=add-goal]").TextContent.Trim());
    }

    [Fact]
    public void A_card_colours_its_bar_by_pace_marks_the_time_gone_and_sums_up_the_past_months()
    {
        var card = Render<GoalCard>(p => p.Add(c => c.Goal, Sessions(400, 0.4, 0.5, GoalPace.Behind, "40 % of the monthly goal with 50 % of the month gone — behind") with
        {
            History = [new("October 2026", "Oct ’26", new(2026, 10, 1), new(2026, 10, 31), 1200, true), new("November 2026", "Nov ’26", new(2026, 11, 1), new(2026, 11, 30), 800, false)],
        }));

        Assert.Equal("Behind", card.Find("[data-testid=goal-pace]").TextContent.Trim());
        Assert.Equal("Behind", card.Find("[data-testid=goal-bar]").GetAttribute("data-pace"));
        Assert.Equal("width: 40%", card.Find(".goal-bar-fill").GetAttribute("style"));
        Assert.Equal("left: 50%", card.Find(".goal-bar-time").GetAttribute("style"));
        Assert.Equal("Met the goal in 1 of the last 2 months with data (today's target).", card.Find("[data-testid=goal-history-summary]").TextContent.Trim());
        Assert.Single(card.FindAll("[data-testid=work-chart]"));
    }

    [Fact]
    public void A_dashboard_tile_with_a_goal_shows_its_progress_and_pace_in_a_few_words()
    {
        var goals = new Dictionary<string, GoalView> { ["traffic.sessions"] = Sessions(620, 0.62, 0.48, GoalPace.OnTrack, "62 % of the monthly goal with 48 % of the month gone — on track") };

        var tile = Render<CascadingValue<IReadOnlyDictionary<string, GoalView>>>(p => p
            .Add(c => c.Name, "Goals").Add(c => c.Value, goals)
            .AddChildContent<KpiTile>(t => t.Add(k => k.Kpi, new KpiValue("sessions", "Sessions", KpiFormat.Number, 9000, 8000, true)).Add(k => k.GoalKey, "traffic.sessions")));
        var other = Render<CascadingValue<IReadOnlyDictionary<string, GoalView>>>(p => p
            .Add(c => c.Name, "Goals").Add(c => c.Value, goals)
            .AddChildContent<KpiTile>(t => t.Add(k => k.Kpi, new KpiValue("users", "Users", KpiFormat.Number, 9000, 8000, true)).Add(k => k.GoalKey, "traffic.users")));

        Assert.Equal("62 % of goal · on track", tile.Find("[data-testid=kpi-goal] .mud-typography").TextContent.Trim());
        Assert.Equal("OnTrack", tile.Find("[data-testid=goal-bar]").GetAttribute("data-pace"));
        Assert.Contains("62 % of the monthly goal with 48 % of the month gone — on track", tile.Find("[data-testid=kpi-goal]").GetAttribute("title"));
        Assert.Empty(other.FindAll("[data-testid=kpi-goal]"));
    }

    private static GoalView Sessions(double value, double share, double elapsed, GoalPace pace, string sentence) =>
        new(Guid.NewGuid(), "traffic.sessions", "Sessions", "Traffic", KpiFormat.Number, 1000, GoalCadence.Month, GoalDirection.AtLeast, null, UserId,
            DateTimeOffset.UtcNow, new GoalProgressView("December 2026", new(2026, 12, 1), new(2026, 12, 31), value, share, elapsed, pace, sentence, null));
}
