using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Reports;

[Collection(BrowserCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class ReportsBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task Admin_generates_a_report_watches_its_progress_is_told_it_is_ready_views_it_and_downloads_the_pdf()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await page.OpenAsync("reports", "Reports");
        // The bar may live for a fraction of a second: remember whether it was ever drawn.
        await page.EvaluateAsync("""
            () => {
              window.sawProgress = false;
              new MutationObserver(() => { if (document.querySelector('[data-testid=report-progress]')) window.sawProgress = true; })
                .observe(document.body, { childList: true, subtree: true });
            }
            """);

        await page.GetByTestId("report-type").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Revenue" }).ClickAsync();
        // The select applies its value after a round trip; a Generate click before that would ask for the old type.
        await page.WaitForFunctionAsync("""
            () => {
              const el = document.querySelector('[data-testid=report-type]');
              const root = el?.closest('.mud-select') ?? el;
              return !!root && ([...root.querySelectorAll('input')].some(i => i.value === 'Revenue') || root.innerText.includes('Revenue'));
            }
            """);
        await page.GetByTestId("generate-report").ClickAsync();

        var row = page.GetByTestId("reports-table").Locator("tbody tr").First;
        await Expect(row).ToContainTextAsync("Revenue", new() { Timeout = 15_000 });
        await Expect(row.GetByTestId("report-status")).ToHaveTextAsync("Ready", new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.sawProgress"), "the row showed no progress bar while generating");
        // Other runs of this user (the demo's first syncs) may announce themselves too.
        await Expect(page.Locator(".mud-snackbar", new() { HasText = "Report finished" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var href = await row.GetByTestId("download-xlsx").GetAttributeAsync("href");
        Assert.Matches("^api/work/reports/[0-9a-f-]{36}/download\\?format=xlsx$", href);
        var xlsx = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, xlsx.Status);
        Assert.StartsWith("PK", System.Text.Encoding.ASCII.GetString((await xlsx.BodyAsync())[..2]));
        await page.ScreenshotAsync("laptop-reports");

        await row.GetByTestId("view-report").ClickAsync();
        await page.ExpectHeadingAsync("Revenue report");
        var gross = page.GetByTestId("kpi-gross").GetByTestId("kpi-value");
        await Expect(gross).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\$[0-9.,]+k?$"));
        await Expect(page.GetByTestId("report-section").First.GetByTestId("work-chart")).ToBeVisibleAsync();
        await Expect(page.Locator(".report-table").First).ToContainTextAsync("Date");
        await Expect(page.Locator(".work-chart-skeleton")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("laptop-report-view");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("view-download-pdf").ClickAsync());
        Assert.Matches(@"^revenue-\d{8}-\d{8}\.pdf$", download.SuggestedFilename);
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        await Expect(page.GetByTestId("kpi-gross")).ToBeVisibleAsync(); // still on the report after the download

        var phone = await app.NewPageAsync(390, 844);
        await phone.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await phone.GotoAsync(page.Url);
        await phone.ExpectHeadingAsync("Revenue report");
        await Expect(phone.GetByTestId("kpi-gross")).ToBeVisibleAsync();
        await Expect(phone.Locator(".work-chart-skeleton")).ToHaveCountAsync(0);
        await phone.ScreenshotAsync("phone-report-view");
    }

    [Fact]
    public async Task A_report_that_does_not_exist_says_so()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);

        await page.GotoAsync($"reports/{Guid.NewGuid()}");

        await page.ExpectHeadingAsync("Report not found");
        await Expect(page.GetByTestId("empty-state")).ToContainTextAsync("All reports");
    }
}
