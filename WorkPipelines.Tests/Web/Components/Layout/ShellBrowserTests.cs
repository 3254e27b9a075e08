using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Components.Layout;

[Collection(BrowserCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class ShellBrowserTests(BrowserFixture app)
{
    private static readonly (string Link, string Heading, string Shot)[] MenuEntries =
    [
        ("Connectors", "Connectors", "connectors"),
        ("Pipelines", "Pipelines", "pipelines"),
        ("Reports", "Reports", "reports"),
        ("Brand analysis", "Brand analysis", "brand-analysis"),
        ("Agents", "Agents", "agents"),
        ("Activity", "Activity", "activity"),
        ("Workspace settings", "Workspace settings", "workspace-settings"),
        ("Dashboard", "Dashboard", "dashboard"),
    ];

    [Fact]
    public async Task New_user_registers_switches_dark_mode_visits_every_page_and_signs_out()
    {
        var page = await app.NewPageAsync();
        var email = $"grace-{Guid.NewGuid():N}@example.test";

        await page.GotoAsync("Account/Register");
        await page.ScreenshotAsync("register");
        await page.FillAsync("#name", "Grace Hopper");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", "Compiler-1952!");
        await page.FillAsync("#confirm", "Compiler-1952!");
        await page.ClickAsync("button[type=submit]");

        await page.ExpectHeadingAsync("Dashboard");
        await page.WaitInteractiveAsync();
        await Expect(page.GetByTestId("workspace-switcher")).ToContainTextAsync("Grace Hopper's workspace");

        var light = await page.BackgroundColorAsync();
        await page.GetByTestId("dark-mode-toggle").ClickAsync();
        await Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", light);
        await page.ReloadAsync();
        await page.WaitInteractiveAsync();
        Assert.NotEqual(light, await page.BackgroundColorAsync()); // remembered across reloads
        await page.ScreenshotAsync("dashboard-dark");
        await page.GetByTestId("dark-mode-toggle").ClickAsync();
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", light);

        foreach (var (link, heading, shot) in MenuEntries)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await page.ExpectHeadingAsync(heading);
            await page.ScreenshotAsync($"laptop-{shot}");
        }

        // Every page once more in dark mode, and a report's view (it has tiles, a chart and tables).
        var generate = await page.SendApiAsync("POST", "api/work/reports/generate", new { type = "PipelineHealth", period = "30d" });
        Assert.Equal(202, generate.Status);
        var reportUrl = (await generate.JsonAsync())!.Value.GetProperty("url").GetString()!;
        await page.GetByTestId("dark-mode-toggle").ClickAsync();
        await Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", light);
        foreach (var (link, heading, shot) in MenuEntries)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await page.ExpectHeadingAsync(heading);
            await page.ScreenshotAsync($"dark-{shot}");
        }
        await page.GotoAsync(reportUrl.Replace("/api/work/reports/", "reports/"));
        await page.ExpectHeadingAsync("Pipeline health report");
        await Expect(page.GetByTestId("view-download-pdf")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.ScreenshotAsync("dark-report-view");
        await page.GetByTestId("dark-mode-toggle").ClickAsync();
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", light);

        await page.GetByLabel("Account menu").ClickAsync();
        await page.GetByTestId("sign-out").ClickAsync();
        await page.ExpectHeadingAsync("Sign in");
        await page.GotoAsync("pipelines");
        await page.ExpectHeadingAsync("Sign in"); // signed out for real: pages send you back to sign in
    }

    [Fact]
    public async Task Demo_admin_signs_in_from_the_sign_in_page_and_sees_the_shell()
    {
        var page = await app.NewPageAsync();

        await page.GotoAsync("");
        await page.ExpectHeadingAsync("Sign in");
        await page.ScreenshotAsync("sign-in");
        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);

        await page.ExpectHeadingAsync("Dashboard");
        await Expect(page.GetByTestId("workspace-switcher")).ToContainTextAsync("Demo Company");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Workspace settings" })).ToBeVisibleAsync();
        await page.ScreenshotAsync("laptop-demo-dashboard");
    }

    [Fact]
    public async Task Wrong_password_says_so_and_stays_on_sign_in()
    {
        var page = await app.NewPageAsync();

        await page.SignInAsync(BrowserFixture.DemoEmail, "Not-the-password-1");

        await Expect(page.GetByTestId("status-message")).ToHaveTextAsync("Wrong email or password. After five wrong passwords in a row, sign-in to an account pauses for 5 minutes.");
        await page.ExpectHeadingAsync("Sign in");
    }

    [Fact]
    public async Task On_a_phone_the_menu_opens_from_the_app_bar_and_navigates()
    {
        var page = await app.NewPageAsync(390, 844);
        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await page.ExpectHeadingAsync("Dashboard");
        await page.WaitInteractiveAsync();
        await page.ScreenshotAsync("phone-dashboard");

        await page.GetByLabel("Toggle navigation").ClickAsync();
        var settings = page.GetByRole(AriaRole.Link, new() { Name = "Workspace settings" });
        await Expect(settings).ToBeInViewportAsync(new() { Ratio = 0.9f }); // slid in
        await page.ScreenshotAsync("phone-menu-open");
        await settings.ClickAsync();

        await page.ExpectHeadingAsync("Workspace settings");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the page scrolls sideways at 390px");
        await page.ScreenshotAsync("phone-workspace-settings");
    }

    [Fact]
    public async Task Admin_adds_a_member_by_email_and_sees_validation_for_bad_input()
    {
        var colleague = $"linus-{Guid.NewGuid():N}@example.test";
        using (var anonymous = app.CreateAnonymousClient())
        {
            var registered = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(anonymous, "api/auth/register", new { email = colleague, password = "Kernel-1991!" });
            Assert.True(registered.IsSuccessStatusCode);
        }
        var page = await app.NewPageAsync();
        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await page.OpenAsync("workspace", "Workspace settings");

        await page.Locator("[data-testid=member-email] input, input[data-testid=member-email]").First.FillAsync("nobody-registered@example.test");
        await page.GetByTestId("add-member").ClickAsync();
        await Expect(page.GetByTestId("add-member-error")).ToContainTextAsync("Ask them to register first");

        await page.Locator("[data-testid=member-email] input, input[data-testid=member-email]").First.FillAsync(colleague);
        await page.GetByTestId("add-member").ClickAsync();

        await Expect(page.GetByTestId("members-table")).ToContainTextAsync(colleague);
        await page.ScreenshotAsync("laptop-workspace-members");
    }
}
