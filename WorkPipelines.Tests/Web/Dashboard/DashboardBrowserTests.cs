using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Dashboard;

[Collection(BrowserCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class DashboardBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task Demo_dashboard_fills_its_panels_from_synced_data_and_follows_the_period()
    {
        var page = await app.NewPageAsync(1400, 1000);
        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await page.ExpectHeadingAsync("Dashboard");
        await page.WaitInteractiveAsync();

        // The demo's first syncs may still be running: the panel refreshes itself when its sync ends.
        var revenue = page.GetByTestId("panel-revenue");
        await Expect(revenue).ToHaveAttributeAsync("data-status", "Ok", new() { Timeout = 60_000 });
        await Expect(revenue.Locator(".apexcharts-canvas")).ToBeVisibleAsync();
        var thirtyDays = await revenue.GetByTestId("kpi-gross").GetByTestId("kpi-value").InnerTextAsync();
        // The demo Page's Instagram account fills a panel of its own.
        var instagram = page.GetByTestId("panel-instagram");
        await Expect(instagram).ToHaveAttributeAsync("data-status", "Ok", new() { Timeout = 60_000 });
        await Expect(instagram.GetByTestId("kpi-profile_views").GetByTestId("kpi-value")).Not.ToHaveTextAsync(new Regex("^(–|0)?$"), new() { Timeout = 60_000 });
        await page.ScreenshotAsync("laptop-dashboard-light");

        // A sync finishing elsewhere (here: started over the API) refreshes the panel in place, without a reload.
        var loads = int.Parse((await revenue.GetAttributeAsync("data-loads"))!);
        var strip = page.GetByTestId("blended-strip");
        var stripLoads = await strip.GetAttributeAsync("data-loads");
        var navigations = 0;
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) navigations++; };
        var admin = await ApiUser.SignInAsync(app, BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        var sync = await admin.Client.PostAsync("api/work/sync/stripe", null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, sync.StatusCode);
        await Expect(revenue).Not.ToHaveAttributeAsync("data-loads", loads.ToString(), new() { Timeout = 60_000 });
        await Expect(revenue).ToHaveAttributeAsync("data-status", "Ok");
        await Expect(strip).Not.ToHaveAttributeAsync("data-loads", stripLoads!); // the blended revenue follows the panels
        Assert.Equal(0, navigations);

        await page.GetByTestId("period").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Last 7 days" }).ClickAsync();
        await Expect(revenue.GetByTestId("kpi-gross").GetByTestId("kpi-value")).Not.ToHaveTextAsync(thirtyDays);
        // Each change says what it is measured from.
        await Expect(revenue.GetByTestId("kpi-gross").GetByTestId("kpi-previous")).ToHaveTextAsync(new Regex(@"^· was \$[\d.,]+k?$"));
        await page.ScreenshotAsync("laptop-dashboard-7-days");

        await page.GetByTestId("dark-mode-toggle").ClickAsync();
        await page.WaitForTimeoutAsync(500); // let the charts repaint in their dark theme before the picture
        await page.ScreenshotAsync("laptop-dashboard-dark");
        await page.GetByTestId("dark-mode-toggle").ClickAsync();

        await revenue.GetByRole(AriaRole.Link, new() { Name = "Revenue" }).ClickAsync();
        await page.ExpectHeadingAsync("Revenue");
        var table = page.GetByTestId("detail-table").First;
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(30);
        await Expect(page.GetByTestId("export-csv").First).ToHaveAttributeAsync("href", "api/work/dashboard/revenue/days.csv?period=30d");
        await page.ScreenshotAsync("laptop-dashboard-revenue-detail");
    }
}
