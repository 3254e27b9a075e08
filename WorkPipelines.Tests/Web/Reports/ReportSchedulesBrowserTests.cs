using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Reports;

[Collection(BrowserCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class ReportSchedulesBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task Admin_schedules_a_monthly_report_pauses_it_and_deletes_it()
    {
        var page = await app.NewPageAsync();
        await page.RegisterAsync("scheduler");
        await page.OpenAsync("reports", "Reports");
        await Expect(page.GetByText("No scheduled reports")).ToBeVisibleAsync();

        await page.GetByTestId("add-schedule").ClickAsync();
        await page.GetByTestId("schedule-type").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Revenue" }).ClickAsync();
        await page.GetByTestId("cadence-monthly").ClickAsync();
        await page.GetByTestId("schedule-day").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Last day" }).ClickAsync();
        await Field(page, "schedule-time").FillAsync("18:30");
        await Field(page, "schedule-recipients").FillAsync("ana@example.com, nope");
        await page.GetByTestId("schedule-save").ClickAsync();
        await Expect(page.GetByText("'nope' is not an email address")).ToBeVisibleAsync();
        await page.ScreenshotAsync("laptop-report-schedule-dialog");

        await Field(page, "schedule-recipients").FillAsync("ana@example.com, ben@example.org");
        await page.GetByTestId("schedule-save").ClickAsync();
        var row = page.GetByTestId("schedules-table").Locator("tbody tr").First;
        await Expect(row).ToContainTextAsync("Revenue");
        await Expect(row).ToContainTextAsync("Every month on the last day at 18:30");
        await Expect(row.GetByTestId("schedule-next")).ToContainTextAsync("18:30");
        await Expect(row).ToContainTextAsync("ana@example.com +1");
        await page.ScreenshotAsync("laptop-report-schedules");

        await row.Locator("[data-testid=schedule-enabled] input, input[data-testid=schedule-enabled]").First.ClickAsync();
        await Expect(row.GetByTestId("schedule-next")).ToContainTextAsync("Paused");

        await row.GetByTestId("delete-schedule").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(page.GetByText("No scheduled reports")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Schedules_fit_a_phone()
    {
        var page = await app.NewPageAsync(390, 844);
        await page.RegisterAsync("phonesched");
        await page.GotoAsync("reports");
        await page.WaitInteractiveAsync();
        await page.GetByTestId("add-schedule").ClickAsync();
        await Field(page, "schedule-recipients").FillAsync("ana@example.com");
        await page.ScreenshotAsync("phone-report-schedule-dialog");
        await page.GetByTestId("schedule-save").ClickAsync();

        var row = page.GetByTestId("schedules-table").Locator("tbody tr").First;
        await Expect(row).ToContainTextAsync("Every Monday at 08:00");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        await page.ScreenshotAsync("phone-report-schedules");
        Assert.False(overflow, "the page scrolls sideways at 390px");
    }

    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"[data-testid={testId}] input, [data-testid={testId}] textarea, input[data-testid={testId}], textarea[data-testid={testId}]").First;
}
