using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Pipelines;

[Collection(BrowserCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class PipelinesBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task Admin_starts_a_run_watches_its_progress_move_and_is_told_when_it_ends_without_reloading()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await page.OpenAsync("pipelines", "Pipelines");
        var navigations = 0;
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) navigations++; };

        await page.GetByTestId("start-self-test").ClickAsync();

        // The demo's syncs may still be running: follow the newest self-test's row, not whichever bar is first.
        var row = page.GetByTestId("runs-table").Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "Self-test" }) }).First;
        var bar = row.Locator("[role=progressbar]");
        await bar.WaitForAsync();
        var first = await ProgressAsync(bar);
        await Expect(bar).Not.ToHaveAttributeAsync("aria-valuenow", first.ToString(), new() { Timeout = 10_000 });
        var later = await ProgressAsync(bar);
        Assert.True(later > first, $"progress went from {first} to {later}");
        await page.ScreenshotAsync("laptop-pipelines-running");

        // The demo's first syncs may be announcing their own ends at the same moment: look for ours among them.
        await Expect(page.Locator(".mud-snackbar", new() { HasText = "Self-test finished" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("runs-table").Locator("[data-status=Succeeded]").First).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-badge")).ToBeVisibleAsync();
        Assert.Equal(0, navigations); // all of it arrived live, no reload
        await page.ScreenshotAsync("laptop-pipelines-finished");

        await page.GetByTestId("runs-table").GetByRole(AriaRole.Link, new() { Name = "Self-test" }).First.ClickAsync();
        await page.ExpectHeadingAsync("Self-test");
        await Expect(page.GetByTestId("run-log")).ToContainTextAsync("step 20 of 20 done");
        await Expect(page.GetByTestId("run-trigger")).ToHaveTextAsync("By Demo Admin");
        await page.GetByText("Technical details").ClickAsync();
        await Expect(page.GetByTestId("run-technical").GetByText("diagnostics.self-test")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("run-technical").Locator(".mud-collapse-entered")).ToBeVisibleAsync(); // opened, not opening
        await page.ScreenshotAsync("laptop-pipeline-run-detail");
        var runUrl = page.Url;

        // The run is in the activity in words, linked to its page.
        await page.OpenAsync("activity", "Activity");
        await Expect(page.GetByTestId("activity-table")).ToContainTextAsync("started a check of the background work");
        await page.ScreenshotAsync("laptop-activity");
        await page.SetViewportSizeAsync(390, 844);
        await Expect(page.GetByTestId("activity-list")).ToContainTextAsync("Demo Admin started a check of the background work: the run");
        await page.ScreenshotAsync("phone-activity");
        await page.GotoAsync(runUrl);
        await page.ExpectHeadingAsync("Self-test");
        await page.ScreenshotAsync("phone-pipeline-run-detail");
    }

    private static async Task<double> ProgressAsync(ILocator bar) =>
        double.Parse(await bar.GetAttributeAsync("aria-valuenow") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
}
