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

        // The panel's link carries the period: the drill-down shows the same 7 days.
        await revenue.GetByRole(AriaRole.Link, new() { Name = "Revenue" }).ClickAsync();
        await page.ExpectHeadingAsync("Revenue");
        var table = page.GetByTestId("detail-table").First;
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(7);
        await Expect(page.GetByTestId("export-csv").First).ToHaveAttributeAsync("href", "api/work/dashboard/revenue/days.csv?period=7d&compare=previous");
        await page.ScreenshotAsync("laptop-dashboard-revenue-detail");
    }

    [Fact]
    public async Task Twelve_months_end_with_the_last_panel_not_with_blank_scroll()
    {
        var page = await app.NewPageAsync(1280, 900);
        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await page.OpenAsync("dashboard?period=12m&compare=previous", "Dashboard");
        var revenue = page.GetByTestId("panel-revenue");
        await Expect(revenue).ToHaveAttributeAsync("data-status", "Ok", new() { Timeout = 60_000 });
        await Expect(revenue.GetByTestId("chart-data").Locator("tbody tr").First).ToBeAttachedAsync();

        // The screen-reader tables behind the charts (a row per week here, per day on the drill-down) must not lengthen the page.
        var (document, content) = await PageHeightsAsync(page);
        Assert.True(document <= content + 80, $"the page is {document}px tall, its content ends at {content}px");
        await page.ScreenshotAsync("laptop-dashboard-12-months");

        await page.OpenAsync("dashboard/revenue?period=12m&compare=previous&group=day", "Revenue");
        await Expect(page.GetByTestId("detail-chart").GetByTestId("chart-data").Locator("tbody tr")).ToHaveCountAsync(365);
        (document, content) = await PageHeightsAsync(page);
        Assert.True(document <= content + 80, $"the drill-down is {document}px tall, its content ends at {content}px");
    }

    // The document's height, and where the lowest visible element of the page's content ends.
    private static async Task<(int Document, int Content)> PageHeightsAsync(IPage page)
    {
        var heights = await page.EvaluateAsync<int[]>("""
            () => {
                const bottoms = [...document.querySelectorAll('.mud-main-content .mud-paper, .mud-main-content .mud-table')]
                    .map(e => e.getBoundingClientRect().bottom + window.scrollY);
                return [document.documentElement.scrollHeight, Math.ceil(Math.max(window.innerHeight, ...bottoms))];
            }
            """);
        return (heights[0], heights[1]);
    }

    [Fact]
    public async Task The_view_lives_in_the_address_reload_and_a_shared_link_keep_it()
    {
        var page = await app.NewPageAsync(1280, 900);
        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await page.ExpectHeadingAsync("Dashboard");
        await page.WaitInteractiveAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard$"));

        await page.GetByTestId("period").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Last 12 months" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard\\?period=12m&compare=previous$"));
        await page.GetByLabel("vs last year").CheckAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard\\?period=12m&compare=year$"));
        // "8 Dec 2025 – 7 Dec 2026, compared with 8 Dec 2024 – 7 Dec 2025", as the header says it.
        var described = Regex.Match(await page.GetByText(new Regex("compared with")).First.InnerTextAsync(), @"\d[^·]*compared with [^·]*\d{4}").Value;
        Assert.Contains("2024", described);

        await page.ReloadAsync();
        await page.WaitInteractiveAsync();
        await Expect(page.GetByText(described)).ToBeVisibleAsync();
        await Expect(page.GetByLabel("vs last year")).ToBeCheckedAsync();

        // The panel's link carries the view; the drill-down adds its grouping; the breadcrumb goes back to the same view.
        await page.GetByTestId("panel-revenue").GetByRole(AriaRole.Link, new() { Name = "Revenue" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard/revenue\\?period=12m&compare=year$"));
        await page.WaitInteractiveAsync();
        await page.GetByTestId("grain").GetByText("Month").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard/revenue\\?period=12m&compare=year&group=month$"));
        await Expect(page.GetByTestId("detail-table").First.Locator("tbody tr")).ToHaveCountAsync(13);
        await Expect(page.GetByTestId("detail-table").First.Locator("thead")).ToContainTextAsync("Month");
        var shared = page.Url;
        await page.ReloadAsync();
        await Expect(page.GetByTestId("detail-table").First.Locator("tbody tr")).ToHaveCountAsync(13);

        // Someone else in the workspace opens the link: same period, comparison and grouping.
        var colleague = await app.NewPageAsync(1280, 900);
        await colleague.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await colleague.ExpectHeadingAsync("Dashboard");
        await colleague.GotoAsync(shared);
        await colleague.ExpectHeadingAsync("Revenue");
        await Expect(colleague.GetByTestId("detail-table").First.Locator("tbody tr")).ToHaveCountAsync(13);
        await Expect(colleague.GetByText(described)).ToBeVisibleAsync();

        await page.Locator(".mud-breadcrumbs").GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard\\?period=12m&compare=year$"));
        await Expect(page.GetByText(described)).ToBeVisibleAsync();

        // Away and back through the menu, in the same tab: still the same view.
        await page.GetByRole(AriaRole.Link, new() { Name = "Connectors" }).First.ClickAsync();
        await page.ExpectHeadingAsync("Connectors");
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard\\?period=12m&compare=year$"));
        await Expect(page.GetByText(described)).ToBeVisibleAsync();

        // A link nobody can read opens the default view, not an error.
        await page.OpenAsync("dashboard?period=forever&compare=sideways", "Dashboard");
        await Expect(page.GetByTestId("panel-revenue")).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-alert")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Last 30 days").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Time_charts_draw_the_previous_period_as_a_dotted_line()
    {
        var page = await app.NewPageAsync(1280, 900);
        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        // The test demo keeps 20 days of history: the 7 days before the last 7 have data.
        await page.OpenAsync("dashboard?period=7d", "Dashboard");
        var revenue = page.GetByTestId("panel-revenue");
        await Expect(revenue).ToHaveAttributeAsync("data-status", "Ok", new() { Timeout = 60_000 });

        await Expect(revenue.GetByTestId("chart-data").Locator("thead")).ToContainTextAsync("Gross revenue (previous period)");
        await Expect(revenue.Locator(".apexcharts-series path[stroke-dasharray='4']").First).ToBeAttachedAsync(new() { Timeout = 15_000 });

        await page.OpenAsync("dashboard/traffic?period=7d", "Traffic");
        var chart = page.GetByTestId("detail-chart");
        await Expect(chart.Locator(".apexcharts-series path[stroke-dasharray='4']").First).ToBeAttachedAsync(new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("detail-table").Last.Locator("thead")).ToContainTextAsync("Previous period");
    }

    [Theory]
    [InlineData("laptop", 1280, 900)]
    [InlineData("phone", 390, 844)]
    public async Task Dashboard_and_drill_down_pictures_light_and_dark(string device, int width, int height)
    {
        var page = await app.NewPageAsync(width, height);
        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        foreach (var (path, heading, name) in new[]
                 {
                     ("dashboard?period=30d", "Dashboard", "dashboard-30-days"), ("dashboard?period=12m", "Dashboard", "dashboard-12-months"),
                     ("dashboard/revenue?period=30d", "Revenue", "revenue-detail"), ("dashboard/traffic?period=12m&group=month", "Traffic", "traffic-detail-12-months"),
                 })
        {
            await page.OpenAsync(path, heading);
            await Expect(page.Locator(".apexcharts-canvas").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
            // Nothing sideways: a phone scrolls down only.
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{path} overflows sideways at {width}px");
            await page.ScreenshotAsync($"{device}-{name}-light");
            await page.GetByTestId("dark-mode-toggle").ClickAsync();
            await page.WaitForTimeoutAsync(500); // let the charts repaint in their dark theme before the picture
            await page.ScreenshotAsync($"{device}-{name}-dark");
            await page.GetByTestId("dark-mode-toggle").ClickAsync();
        }
    }
}
