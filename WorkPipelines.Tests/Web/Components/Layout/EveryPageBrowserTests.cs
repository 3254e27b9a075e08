using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Components.Layout;

/// <summary>
/// Every page of the app on a laptop and on a phone, light and dark: nothing scrolls sideways, and a picture of each
/// for a person to look at. Pages with an id in their address are reached as a person reaches them, through a link.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class EveryPageBrowserTests(BrowserFixture app)
{
    // The pages of a signed-in member, as "address, heading".
    private static readonly (string Path, string Heading)[] Pages =
    [
        ("dashboard", "Dashboard"), ("dashboard/revenue", "Revenue"), ("revenue/movements", "Revenue movements"), ("goals", "Goals"), ("alerts", "Alerts"), ("connectors", "Connectors"), ("pipelines", "Pipelines"),
        ("activity", "Activity"), ("agents", "Agents"), ("reports", "Reports"), ("shares", "Share links"), ("brand", "Brand analysis"),
        ("brand/compare", "Compare analyses"), ("workspace", "Workspace settings"),
    ];

    // Pages rendered on the server without a live circuit: no dark-mode switch to press, so one picture each.
    private static readonly (string Path, string Heading)[] StaticPages =
    [
        ("Account/Manage", "Account settings"), ("not-found", "Page not found"),
    ];

    private static readonly (string Path, string Heading)[] AnonymousPages =
    [
        ("Account/Login", "Sign in"), ("Account/Register", "Create an account"), ("Account/ForgotPassword", "Forgot your password?"),
        ("s/" + new string('A', 43), "This link is no longer valid"),
    ];

    [Theory]
    [InlineData("laptop", 1280, 900)]
    [InlineData("phone", 390, 844)]
    public async Task Every_page_fits_the_screen_light_and_dark(string device, int width, int height)
    {
        var page = await app.NewPageAsync(width, height);
        List<string> overflowing = [];

        foreach (var (path, heading) in AnonymousPages)
        {
            await page.GotoAsync(path);
            await page.ExpectHeadingAsync(heading);
            await CheckAsync(page, path, overflowing);
            await page.ScreenshotAsync($"every-{device}-{Name(path)}");
        }

        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await page.ExpectHeadingAsync("Dashboard");
        await page.WaitInteractiveAsync();
        foreach (var (path, heading) in Pages)
        {
            await page.OpenAsync(path, heading);
            await PicturesAsync(page, device, path, overflowing);
        }

        // A run, reached from the Pipelines list.
        await page.OpenAsync("pipelines", "Pipelines");
        await page.Locator("a[href^='pipelines/']").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/pipelines/[0-9a-f-]{36}$"));
        await page.WaitInteractiveAsync();
        await PicturesAsync(page, device, "run", overflowing);

        // A report, generated here and opened from the Reports list.
        var generated = await page.SendApiAsync("POST", "api/work/reports/generate", new { type = "Executive", period = "30d" });
        Assert.True(generated.Ok, $"generating a report answered {generated.Status}");
        await page.OpenAsync("reports", "Reports");
        var view = page.GetByTestId("view-report").First;
        await Expect(view).ToBeVisibleAsync(new() { Timeout = 60_000 }); // the report is written on the engine
        await view.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/reports/[0-9a-f-]{36}$"));
        await page.WaitInteractiveAsync();
        await PicturesAsync(page, device, "report", overflowing);

        foreach (var (path, heading) in StaticPages)
        {
            await page.GotoAsync(path);
            await page.ExpectHeadingAsync(heading);
            await CheckAsync(page, path, overflowing);
            await page.ScreenshotAsync($"every-{device}-{Name(path)}");
        }

        Assert.True(overflowing.Count == 0, $"scrolls sideways at {width}px:\n" + string.Join("\n", overflowing));
    }

    private static async Task PicturesAsync(IPage page, string device, string path, List<string> overflowing)
    {
        await page.ScreenshotAsync($"every-{device}-{Name(path)}-light");
        await CheckAsync(page, path, overflowing);
        var body = page.Locator("body");
        var light = await body.EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor");
        await page.GetByTestId("dark-mode-toggle").ClickAsync();
        await Expect(body).Not.ToHaveCSSAsync("background-color", light);
        await page.ScreenshotAsync($"every-{device}-{Name(path)}-dark");
        await page.GetByTestId("dark-mode-toggle").ClickAsync();
        await Expect(body).ToHaveCSSAsync("background-color", light);
    }

    // Sideways scroll, named by the widest element that sticks out, so a failure says where to look.
    private static async Task CheckAsync(IPage page, string path, List<string> overflowing)
    {
        var widest = await page.EvaluateAsync<string?>("""
            () => {
                const width = window.innerWidth;
                if (document.documentElement.scrollWidth <= width + 1) return null;
                const out = [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest('.mud-table-container, .mud-drawer, [data-scrolls]'))
                    .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)[0];
                return `${document.documentElement.scrollWidth}px wide; ${out ? out.tagName.toLowerCase() + '.' + [...out.classList].join('.') : 'no single element'}`;
            }
            """);
        if (widest is not null) overflowing.Add($"{path}: {widest}");
    }

    private static string Name(string path) => path.Replace('/', '-').ToLowerInvariant();
}
