using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Revenue;

[Collection(BrowserCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class RevenueMovementsBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task The_revenue_drill_down_leads_to_a_year_of_movements_with_ratios_on_a_laptop_and_a_phone()
    {
        var page = await app.NewPageAsync(1280, 900);
        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await page.ExpectHeadingAsync("Dashboard");
        await page.OpenAsync("dashboard/revenue", "Revenue");

        await page.GetByTestId("movements-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/revenue/movements$"));
        await page.ExpectHeadingAsync("Revenue movements");
        await page.WaitInteractiveAsync();

        // The demo's Stripe subscriptions are in USD; its first sync may still be running.
        var usd = page.GetByTestId("movements-USD");
        await Expect(usd).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(usd.Locator(".apexcharts-canvas")).ToBeVisibleAsync();
        await Expect(usd.GetByTestId("kpi-mrr").GetByTestId("kpi-value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\$[\d.,]+k?$"));
        var rows = usd.GetByTestId("movements-table").Locator("tbody tr");
        Assert.InRange(await rows.CountAsync(), 2, 14); // the months since the first subscription (of the last 12 or 13), and the whole period
        await Expect(rows.Last.Locator("td").First).ToHaveTextAsync("Whole period");
        // The demo's customers all started paying within the year: each month that has some is a cohort row.
        await Expect(usd.GetByTestId("cohort-table").Locator("tbody tr").First).ToBeVisibleAsync();
        await page.ScreenshotAsync("laptop-revenue-movements");

        // Another period is a new address, and its months follow.
        var movements = page.GetByTestId("movements");
        var yearFrom = await movements.GetAttributeAsync("data-from");
        await page.GetByTestId("period").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Quarter to date" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/revenue/movements\\?period=quarter$"));
        await Expect(movements).Not.ToHaveAttributeAsync("data-from", yearFrom!);
        var quarterStart = DateOnly.ParseExact((await movements.GetAttributeAsync("data-from"))!, "yyyy-MM-dd");
        Assert.Equal((1, 1), (quarterStart.Day, (quarterStart.Month - 1) % 3 + 1)); // the quarter's first day
        Assert.InRange(await rows.CountAsync(), 2, 4); // up to three months of the quarter so far, and the whole of it

        // A phone opens the page at its own width (the chart sizes itself when it is drawn).
        await page.SetViewportSizeAsync(390, 844);
        await page.OpenAsync("revenue/movements", "Revenue movements");
        await Expect(usd.Locator(".apexcharts-canvas")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
        await page.ScreenshotAsync("phone-revenue-movements");
    }

    [Fact]
    public async Task Without_Stripe_the_page_says_what_it_is_for_and_offers_to_connect()
    {
        var page = await app.NewPageAsync(390, 844);
        await page.RegisterAsync("movements-empty");

        await page.OpenAsync("revenue/movements", "Revenue movements");

        await Expect(page.GetByText("Connect Stripe to see how your recurring revenue moves")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Connect Stripe" })).ToHaveAttributeAsync("href", "connectors");
        await page.ScreenshotAsync("phone-revenue-movements-empty");
    }
}
