using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Alerts;

[Collection(BrowserCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class AlertsBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task The_demo_opens_with_an_alert_that_fired_on_a_laptop_and_a_phone()
    {
        var page = await app.NewPageAsync(1280, 900);
        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await page.ExpectHeadingAsync("Dashboard");
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard$"));
        await page.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Alerts" }).ClickAsync();
        await page.ExpectHeadingAsync("Alerts");

        // The demo's alerts are set and checked once its first syncs are in: reload until the check has fired one.
        var history = page.GetByTestId("alert-history");
        for (var tries = 0; await history.CountAsync() == 0 && tries < 90; tries++)
        {
            await Task.Delay(2000);
            await page.OpenAsync("alerts", "Alerts");
        }
        await Expect(page.GetByTestId("alert-card")).ToHaveCountAsync(2);
        await Expect(history).ToContainTextAsync(new Regex(@"Ads: Spend (rose|fell) \d+(\.\d)? % over the 7 days to \w{3} \w{3} \d+"));
        await Expect(page.GetByTestId("alert-card").Filter(new() { HasText = "Ad spend swing" }).GetByTestId("alert-last")).ToContainTextAsync("Last fired");
        await page.ScreenshotAsync("laptop-alerts");

        // The bell has it too (it is written just after the firing the page shows, and the bell hears of it then).
        await page.GetByRole(AriaRole.Button, new() { Name = "Notifications" }).First.ClickAsync();
        await Expect(page.GetByText("Alert: Ad spend swing").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.Keyboard.PressAsync("Escape");

        await page.SetViewportSizeAsync(390, 844);
        await page.OpenAsync("alerts", "Alerts");
        await Expect(history).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
        await page.ScreenshotAsync("phone-alerts");
    }

    [Fact]
    public async Task A_new_admin_reads_what_alerts_are_adds_one_mutes_it_and_deletes_it()
    {
        var page = await app.NewPageAsync(390, 844);
        await page.RegisterAsync("alerts-first");
        await page.OpenAsync("alerts", "Alerts");
        await Expect(page.GetByTestId("empty-state")).ToContainTextAsync("An alert watches one of your dashboard numbers every day");
        await page.ScreenshotAsync("phone-alerts-empty");

        await page.GetByTestId("add-alert").ClickAsync();
        await page.GetByTestId("alert-save").ClickAsync();
        await Expect(page.GetByText("Give the alert a name")).ToBeVisibleAsync();
        await page.GetByLabel("Name").FillAsync("CAC too high");
        await page.GetByTestId("alert-metric").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Combined · CAC" }).ClickAsync();
        await page.GetByLabel("Amount").FillAsync("90");
        await page.GetByLabel("Webhook address (optional)").FillAsync("http://localhost/hook");
        await page.GetByTestId("alert-save").ClickAsync();
        await Expect(page.GetByTestId("alert-error")).ToContainTextAsync("WebhookUrl: localhost is a loopback address");
        await page.GetByLabel("Webhook address (optional)").FillAsync("");
        await page.ScreenshotAsync("phone-alerts-dialog");
        await page.GetByTestId("alert-save").ClickAsync();

        var card = page.GetByTestId("alert-card");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card).ToContainTextAsync("CAC · Above 90.00 on a day");
        await Expect(card).ToContainTextAsync("Has not fired yet.");
        await page.ScreenshotAsync("phone-alerts-one");

        await card.GetByTestId("alert-silence").ClickAsync();
        await page.GetByText("Mute until turned back on").ClickAsync();
        await Expect(card).ToContainTextAsync("Muted");
        await card.GetByTestId("alert-unmute").ClickAsync();
        await Expect(card).Not.ToContainTextAsync("Muted");

        await card.GetByTestId("alert-edit").ClickAsync();
        await page.GetByTestId("alert-delete").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "and what it fired?" })
            .GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("empty-state")).ToBeVisibleAsync();
    }
}
