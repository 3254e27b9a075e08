using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace WorkPipelines.Tests.E2E;

[Collection(BrowserCollection.Name)]
public sealed class ReportsBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task Admin_generates_a_report_watches_it_become_ready_and_gets_download_links()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await page.GotoAsync("reports");
        await page.ExpectHeadingAsync("Reports");
        await page.WaitInteractiveAsync();

        await page.GetByTestId("report-type").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Revenue" }).ClickAsync();
        await page.GetByTestId("generate-report").ClickAsync();

        var row = page.GetByTestId("reports-table").Locator("tbody tr").First;
        await Expect(row).ToContainTextAsync("Revenue", new() { Timeout = 15_000 });
        await Expect(row.GetByTestId("report-status")).ToHaveTextAsync("Ready", new() { Timeout = 30_000 });
        var href = await row.GetByTestId("download-xlsx").GetAttributeAsync("href");
        Assert.Matches("^api/work/reports/[0-9a-f-]{36}/download\\?format=xlsx$", href);

        // The link really serves a workbook for this signed-in user (cookie auth, same as a click would).
        var response = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, response.Status);
        Assert.StartsWith("PK", System.Text.Encoding.ASCII.GetString((await response.BodyAsync())[..2]));
        await page.ScreenshotAsync("laptop-reports");
    }
}
