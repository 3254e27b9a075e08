using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Annotations;

[Collection(BrowserCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class AnnotationsBrowserTests(BrowserFixture app)
{
    private const string Text = "Launched the new pricing page for everyone";

    [Fact]
    public async Task The_demo_shows_its_notes_and_a_note_added_in_the_list_lands_on_the_charts_on_a_laptop_and_a_phone()
    {
        var page = await app.NewPageAsync(1280, 900);
        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await page.ExpectHeadingAsync("Dashboard");
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard$"));
        await page.WaitInteractiveAsync();

        // The demo's own notes, and the automatic ones of its sources being connected.
        var notes = page.GetByTestId("notes");
        await Expect(notes).ToContainTextAsync("Sale week: 20 % off everything", new() { Timeout = 30_000 });
        await Expect(notes.Locator("[data-testid=note][data-automatic=true]").Filter(new() { HasText = "Stripe connected" })).ToHaveCountAsync(1);

        // Added through the list, on the revenue panel, two days ago (the demo workspace runs in UTC).
        var day = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd");
        await page.GetByTestId("add-note").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("note-save").ClickAsync();
        await Expect(dialog.GetByText("Say what happened")).ToBeVisibleAsync();
        await dialog.GetByLabel("What happened").FillAsync(Text);
        await dialog.GetByLabel("Day", new() { Exact = true }).FillAsync(day);
        await dialog.GetByTestId("note-panel").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Revenue" }).ClickAsync();
        await dialog.GetByTestId("note-save").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        var rows = notes.GetByTestId("note");
        var ours = rows.Filter(new() { HasText = Text });
        await Expect(ours).ToHaveCountAsync(1);
        await Expect(ours).ToContainTextAsync("Revenue · by Demo Admin");
        var number = (await rows.AllInnerTextsAsync()).ToList().FindIndex(t => t.Contains(Text)) + 1;
        // The revenue panel's chart marks it with its number; the traffic panel's does not carry a revenue note.
        var revenueMarks = page.GetByTestId("panel-revenue").Locator(".apexcharts-xaxis-annotations text");
        await Expect(revenueMarks.Filter(new() { HasTextRegex = new Regex($@"(^|\D){number}(\D|$)") })).Not.ToHaveCountAsync(0, new() { Timeout = 30_000 });
        var trafficMarks = await page.GetByTestId("panel-traffic").Locator(".apexcharts-xaxis-annotations text").AllTextContentsAsync();
        Assert.DoesNotContain(trafficMarks, t => Regex.IsMatch(t, $@"(^|\D){number}(\D|$)"));
        await page.ScreenshotAsync("laptop-dashboard-notes");

        // The drill-down's wide chart names it; the list below it has it too.
        await page.GetByTestId("panel-revenue").GetByRole(AriaRole.Link, new() { Name = "Revenue" }).ClickAsync();
        await page.ExpectHeadingAsync("Revenue");
        var detailNumber = (await page.GetByTestId("note").AllInnerTextsAsync()).ToList().FindIndex(t => t.Contains(Text)) + 1;
        await Expect(page.GetByTestId("detail-chart").Locator(".apexcharts-xaxis-annotations text").Filter(new() { HasText = $"{detailNumber}. Launched the new pricing" }))
            .ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await page.ScreenshotAsync("laptop-revenue-notes");
        await page.GetByTestId("dark-mode-toggle").ClickAsync();
        await page.WaitForTimeoutAsync(500); // let the chart repaint in its dark theme before the picture
        await page.ScreenshotAsync("laptop-revenue-notes-dark");
        await page.GetByTestId("dark-mode-toggle").ClickAsync();

        // On a phone the chart shows the number only; the list says the rest, and nothing scrolls sideways.
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await page.ExpectHeadingAsync("Revenue");
        var phoneMarks = page.GetByTestId("detail-chart").Locator(".apexcharts-xaxis-annotations text");
        await Expect(phoneMarks.Filter(new() { HasTextRegex = new Regex($@"(^|\D){detailNumber}(\D|$)") })).Not.ToHaveCountAsync(0, new() { Timeout = 30_000 });
        Assert.DoesNotContain(await phoneMarks.AllTextContentsAsync(), t => t.Contains("Launched"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
        await page.ScreenshotAsync("phone-revenue-notes");
        await page.OpenAsync("dashboard", "Dashboard");
        await Expect(page.GetByTestId("notes")).ToContainTextAsync(Text, new() { Timeout = 30_000 });
        await page.ScreenshotAsync("phone-dashboard-notes");

        // Changed, then deleted, from the list.
        var row = page.GetByTestId("note").Filter(new() { HasText = Text });
        await row.GetByTestId("edit-note").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByLabel("What happened").FillAsync(Text + " (EU)");
        await page.GetByRole(AriaRole.Dialog).GetByTestId("note-save").ClickAsync();
        await Expect(page.GetByTestId("notes")).ToContainTextAsync(Text + " (EU)");
        await page.GetByTestId("note").Filter(new() { HasText = Text }).GetByTestId("remove-note").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("note").Filter(new() { HasText = Text })).ToHaveCountAsync(0);
    }
}
