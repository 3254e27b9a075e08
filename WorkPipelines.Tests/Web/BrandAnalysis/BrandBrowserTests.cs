using Microsoft.Playwright;
using WorkPipelines.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WorkPipelines.Tests.Web.BrandAnalysis;

[Collection(BrowserCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class BrandBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task User_analyses_the_fixture_site_is_notified_reads_the_profile_runs_again_and_compares()
    {
        var page = await app.NewPageAsync();
        await page.RegisterAsync("brand");
        await page.OpenAsync("brand", "Brand analysis");
        await Expect(page.GetByTestId("empty-state")).ToContainTextAsync("No brand analyses yet");

        // Validated as you type: a scheme we never fetch is refused before anything is sent.
        var url = page.GetByLabel("Website");
        await url.FillAsync("ftp://example.com/");
        await Expect(page.GetByText("only http and https are allowed, not ftp:")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("brand-start")).ToBeDisabledAsync();
        await page.ScreenshotAsync("laptop-brand-validation");

        // Internal addresses are refused on start with the reason.
        await url.FillAsync("http://169.254.169.254/latest/meta-data/");
        await page.GetByTestId("brand-start").ClickAsync();
        await Expect(page.GetByText("169.254.169.254 is a link-local address")).ToBeVisibleAsync();

        await url.FillAsync(FixtureSite.Shared.Root.ToString());
        await page.GetByTestId("brand-start").ClickAsync();
        var site = FixtureSite.Shared.EndPoint;
        await Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = $"Brand analysis of {site} finished" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("brand-status").First).ToHaveTextAsync("Ready");
        await Expect(page.GetByTestId("brand-site")).ToContainTextAsync("6 pages");
        await page.ScreenshotAsync("laptop-brand-history");

        await page.GetByTestId("brand-open").First.ClickAsync();
        await page.ExpectHeadingAsync(site);
        await Expect(page.GetByTestId("brand-name")).ToHaveTextAsync("Acme Roasters");
        await Expect(page.GetByTestId("swatch")).ToHaveCountAsync(6);
        await Expect(page.GetByTestId("swatch").First).ToContainTextAsync("#7b3f00");
        await Expect(page.GetByTestId("fonts")).ToContainTextAsync("Playfair Display");
        await Expect(page.GetByTestId("positioning")).ToContainTextAsync("Fresh specialty coffee, roasted to order");
        await Expect(page.GetByTestId("keywords")).ToContainTextAsync("coffee");
        await Expect(page.GetByTestId("tech")).ToContainTextAsync("Shopify");
        await Expect(page.GetByTestId("tech")).ToContainTextAsync("Meta Pixel");
        await Expect(page.GetByTestId("seo-checklist").First.Locator("[data-passed=true]")).ToHaveCountAsync(9);
        await page.ScreenshotAsync("laptop-brand-result");

        // The bell keeps the notification too.
        var bell = page.GetByTestId("notification-bell").Locator("button").First;
        await bell.ClickAsync();
        await Expect(page.Locator(".mud-popover-open").GetByText($"Brand analysis of {site} finished")).ToBeVisibleAsync();
        await bell.ClickAsync(new() { Force = true });
        await Expect(page.Locator(".mud-popover-open .mud-menu-item-text")).ToHaveCountAsync(0);

        // Run again from the result page: a new analysis opens and finishes with a progress bar or straight away.
        // The URL is polled, not awaited as a navigation: the new page can open before ClickAsync returns, and a
        // WaitForURLAsync begun after that missed it (its "run again opened nothing" failures: the URL had changed).
        var firstResult = page.Url;
        await page.GetByTestId("brand-run-again").ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(firstResult, new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("brand-status")).ToHaveTextAsync("Ready", new() { Timeout = 30_000 });
        await page.OpenAsync("brand", "Brand analysis");
        await page.GetByTestId("brand-compare").ClickAsync();
        await page.ExpectHeadingAsync("Compare analyses");
        await Expect(page.GetByTestId("compare-a").GetByTestId("brand-name")).ToHaveTextAsync("Acme Roasters");
        await Expect(page.GetByTestId("compare-changes")).ToContainTextAsync("Nothing: the two profiles have the same");
        await Expect(page.GetByTestId("compare-b").GetByTestId("swatch")).ToHaveCountAsync(6);
        await page.ScreenshotAsync("laptop-brand-compare");
    }

    [Fact]
    public async Task Result_and_history_fit_a_phone()
    {
        var page = await app.NewPageAsync(390, 844);
        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await page.ExpectHeadingAsync("Dashboard");
        await page.GotoAsync("brand");
        await page.WaitInteractiveAsync();

        // A site that answers slowly: the steps show on the progress bar while it runs.
        await page.GetByLabel("Website").FillAsync(FixtureSite.Shared.Url("trap/slow-home").ToString());
        await page.GetByTestId("brand-start").ClickAsync();
        await Expect(page.GetByTestId("brand-running")).ToContainTextAsync("Fetching robots.txt and the home page");
        await Expect(page.GetByTestId("brand-progress")).ToBeVisibleAsync();
        await page.ScreenshotAsync("phone-brand-progress");
        await Expect(page.GetByTestId("brand-running")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        await page.GetByLabel("Website").FillAsync(FixtureSite.Shared.Root.ToString());
        await page.GetByTestId("brand-start").ClickAsync();
        await Expect(page.GetByTestId("brand-site").First).ToContainTextAsync("6 pages", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("brand-running")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("brand-status").First).ToHaveTextAsync("Ready");
        await page.ScreenshotAsync("phone-brand-history");

        await page.GetByTestId("brand-open").First.ClickAsync();
        await Expect(page.GetByTestId("swatch")).ToHaveCountAsync(6);
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the result page scrolls sideways at 390 px");
        await page.ScreenshotAsync("phone-brand-result");
    }
}
