using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Dashboard;

[Collection(BrowserCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class FirstRunBrowserTests(BrowserFixture app)
{
    private const string Password = "Connect-2026!";

    [Fact]
    public async Task A_new_user_explores_sample_data_then_removes_it_and_is_back_in_their_own_workspace()
    {
        // A new workspace: the checklist and a preview of the panels, not a wall of $0.00.
        var laptop = await app.NewPageAsync(1280, 900);
        var email = await laptop.RegisterAsync("firstrun", Password);
        await laptop.WaitInteractiveAsync();
        var checklist = laptop.GetByTestId("getting-started");
        await Expect(checklist.GetByTestId("getting-started-progress")).ToHaveTextAsync("0 of 3 done");
        await Expect(laptop.GetByTestId("dashboard-preview")).ToBeVisibleAsync();
        await Expect(laptop.GetByTestId("preview-panel")).ToHaveCountAsync(7);
        await Expect(laptop.GetByTestId("panel-revenue")).ToHaveCountAsync(0);
        await Expect(laptop.GetByTestId("sample-banner")).ToHaveCountAsync(0);
        await laptop.ScreenshotAsync("laptop-first-run-checklist");

        // One click: a sample workspace, every sandbox connected, and the user in it.
        await checklist.GetByTestId("explore-sample").ClickAsync();
        var banner = laptop.GetByTestId("sample-banner");
        await Expect(banner).ToContainTextAsync("You are looking at sample data", new() { Timeout = 60_000 });
        await Expect(laptop).ToHaveURLAsync(new Regex("/dashboard$"));
        await laptop.WaitInteractiveAsync();
        await Expect(laptop.GetByTestId("workspace-switcher")).ToContainTextAsync("Sample data");
        await Expect(laptop.GetByTestId("workspace-sample-mark")).ToBeVisibleAsync();
        await Expect(laptop.GetByTestId("getting-started")).ToHaveCountAsync(0);
        var revenue = laptop.GetByTestId("panel-revenue");
        await Expect(revenue).ToHaveAttributeAsync("data-status", "Ok", new() { Timeout = 90_000 });
        await Expect(revenue.GetByTestId("kpi-gross").GetByTestId("kpi-value")).Not.ToHaveTextAsync(new Regex(@"^(–|\$0(\.00)?)?$"));
        await laptop.ScreenshotAsync("laptop-sample-data-dashboard");
        await laptop.GetByTestId("dark-mode-toggle").ClickAsync();
        await laptop.WaitForTimeoutAsync(500); // let the charts repaint in their dark theme before the picture
        await laptop.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotsDir, "laptop-sample-banner-dark.png") });
        await laptop.GetByTestId("dark-mode-toggle").ClickAsync();
        // Marked on every page, not only the dashboard.
        await laptop.OpenAsync("connectors", "Connectors");
        await Expect(laptop.GetByTestId("sample-banner")).ToBeVisibleAsync();
        await laptop.GetByTestId("workspace-switcher").ClickAsync();
        await Expect(laptop.GetByRole(AriaRole.Menuitem)).ToHaveCountAsync(2);
        await Expect(laptop.GetByTestId("switcher-sample-chip")).ToHaveCountAsync(1);
        await laptop.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotsDir, "laptop-switcher-sample.png") });
        await laptop.Keyboard.PressAsync("Escape");

        // On a phone: the same banner, nothing wider than the screen, and the way out.
        var phone = await app.NewPageAsync(390, 844);
        await phone.SignInAsync(email, Password);
        await phone.ExpectHeadingAsync("Dashboard");
        await phone.WaitInteractiveAsync();
        await Expect(phone.GetByTestId("sample-banner")).ToBeVisibleAsync();
        await Expect(phone.GetByTestId("panel-revenue")).ToHaveAttributeAsync("data-status", "Ok", new() { Timeout = 60_000 });
        Assert.False(await OverflowsAsync(phone), "the sample dashboard scrolls sideways at 390px");
        await phone.ScreenshotAsync("phone-sample-data-dashboard");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotsDir, "phone-sample-banner.png") }); // the first screen alone

        await phone.GetByTestId("remove-sample").ClickAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();

        // Back home: no banner, the checklist again, and the sample gone from the switcher.
        await Expect(phone.GetByTestId("getting-started")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(phone).ToHaveURLAsync(new Regex("/dashboard$"));
        await Expect(phone.GetByTestId("sample-banner")).ToHaveCountAsync(0);
        await phone.WaitInteractiveAsync();
        Assert.False(await OverflowsAsync(phone), "the new workspace's dashboard scrolls sideways at 390px");
        await phone.ScreenshotAsync("phone-first-run-checklist");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotsDir, "phone-first-run-checklist-top.png") });
        await phone.GetByTestId("workspace-switcher").ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Menuitem)).ToHaveCountAsync(1);
        await Expect(phone.GetByTestId("switcher-sample-chip")).ToHaveCountAsync(0);
    }

    private static Task<bool> OverflowsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
}
