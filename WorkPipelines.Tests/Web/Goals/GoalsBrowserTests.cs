using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Goals;

[Collection(BrowserCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class GoalsBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task The_demo_has_goals_from_its_data_one_on_track_one_behind_with_history_on_a_laptop_and_a_phone()
    {
        var page = await app.NewPageAsync(1280, 900);
        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await page.ExpectHeadingAsync("Dashboard");
        // Sign-in lands on "/", which moves on to "/dashboard": the menu is used once that has happened, or it would take us back.
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard$"));
        await page.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Goals" }).ClickAsync();
        await page.ExpectHeadingAsync("Goals");

        // The demo's goals are set once its first syncs are in, and the page may have opened before: reload until they are.
        var cards = page.GetByTestId("goal-card");
        for (var tries = 0; await cards.CountAsync() < 3 && tries < 60; tries++)
        {
            await Task.Delay(2000);
            await page.OpenAsync("goals", "Goals");
        }
        await Expect(cards).ToHaveCountAsync(3);
        var revenue = page.Locator("[data-testid=goal-card][data-metric=revenue]");
        var sessions = page.Locator("[data-testid=goal-card][data-metric='traffic.sessions']");
        var firstReply = page.Locator("[data-testid=goal-card][data-metric='support.first_reply']");
        await Expect(sessions).ToHaveAttributeAsync("data-pace", "Behind");
        await Expect(sessions.GetByTestId("goal-sentence")).ToHaveTextAsync(new Regex(@"^\d+ % of the quarterly goal with \d+ % of the quarter gone — behind$"));
        await Expect(revenue).ToHaveAttributeAsync("data-pace", new Regex("^(OnTrack|Ahead)$"));
        await Expect(firstReply).ToHaveAttributeAsync("data-pace", new Regex("^(OnTrack|Ahead)$"));
        await Expect(firstReply).ToContainTextAsync("at most");
        await Expect(revenue.Locator(".apexcharts-canvas")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync("laptop-goals");

        // The dashboard's revenue tile carries its goal.
        await page.OpenAsync("dashboard", "Dashboard");
        await Expect(page.GetByTestId("blended-strip").GetByTestId("kpi-revenue").GetByTestId("kpi-goal"))
            .ToHaveTextAsync(new Regex(@"\d+ % of goal · (on track|ahead)"), new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("panel-traffic").GetByTestId("kpi-sessions").GetByTestId("kpi-goal")).ToContainTextAsync("% of goal · behind");
        await page.ScreenshotAsync("laptop-dashboard-goals");

        await page.SetViewportSizeAsync(390, 844);
        await page.OpenAsync("goals", "Goals");
        await Expect(revenue.Locator(".apexcharts-canvas")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
        await page.ScreenshotAsync("phone-goals");
    }

    [Fact]
    public async Task A_new_admin_reads_what_goals_are_adds_one_changes_it_and_deletes_it()
    {
        var page = await app.NewPageAsync(390, 844);
        await page.RegisterAsync("goals-first");
        await page.OpenAsync("goals", "Goals");
        await Expect(page.GetByTestId("empty-state")).ToContainTextAsync("A goal is a target for one of your dashboard numbers");
        await page.ScreenshotAsync("phone-goals-empty");

        await page.GetByTestId("add-goal").ClickAsync();
        await page.GetByTestId("goal-metric").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Support · Median first reply" }).ClickAsync();
        // Lower is better for reply times: the form says "at most" by itself.
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("At most");
        var target = page.GetByLabel("Target (minutes)");
        await target.FillAsync("0");
        await page.GetByTestId("goal-save").ClickAsync();
        await Expect(page.GetByText("The target must be more than 0")).ToBeVisibleAsync();
        await target.FillAsync("240");
        await page.GetByTestId("goal-save").ClickAsync();

        var card = page.GetByTestId("goal-card");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card).ToContainTextAsync("Support · at most 4 h a month");
        await Expect(card.GetByTestId("goal-sentence")).ToHaveTextAsync("Connect Zendesk to measure median first reply.");
        await page.ScreenshotAsync("phone-goals-one");

        await card.GetByTestId("goal-edit").ClickAsync();
        await page.GetByTestId("goal-quarter").ClickAsync();
        await page.GetByTestId("goal-save").ClickAsync();
        await Expect(card).ToContainTextAsync("a quarter");

        await card.GetByTestId("goal-edit").ClickAsync();
        await page.GetByTestId("goal-delete").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "Its history is computed from your data" })
            .GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("empty-state")).ToBeVisibleAsync();
    }
}
