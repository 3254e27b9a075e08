using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Sharing;

[Collection(BrowserCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class SharesBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task An_admin_shares_a_view_a_stranger_sees_only_its_panels_a_TV_shows_it_and_revoking_ends_both()
    {
        // The demo admin shares the dashboard's view once the demo's sources have synced.
        var admin = await app.NewPageAsync(1280, 900);
        await admin.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await admin.ExpectHeadingAsync("Dashboard");
        await Expect(admin).ToHaveURLAsync(new Regex("/dashboard$"));
        for (var tries = 0; await admin.Locator("[data-testid=panel-revenue][data-status=Ok]").CountAsync() == 0 && tries < 60; tries++)
        {
            await Task.Delay(2000);
            await admin.OpenAsync("dashboard", "Dashboard");
        }
        await admin.WaitInteractiveAsync();
        await admin.GetByTestId("share-dashboard").ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("What this link exposes");
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync("Office TV");
        foreach (var panel in new[] { "Ads", "Facebook", "Instagram", "Email" })
            await dialog.GetByLabel(panel, new() { Exact = true }).UncheckAsync();
        await Expect(admin.GetByTestId("share-preview"))
            .ToContainTextAsync("Anyone with the link can see Headline numbers, Revenue, Traffic and Support for the last 30 days");
        await admin.ScreenshotAsync("laptop-share-dialog");
        await admin.GetByTestId("share-create").ClickAsync();
        var link = await dialog.GetByLabel("Share link").InputValueAsync();
        Assert.Matches(new Regex(@"/s/[A-Za-z0-9_-]{43}$"), link);
        await admin.ScreenshotAsync("laptop-share-created");
        await admin.GetByTestId("share-done").ClickAsync();
        var card = admin.GetByTestId("share-card").Filter(new() { HasText = "Office TV" });
        await Expect(card.GetByTestId("share-state")).ToHaveTextAsync("Active");
        await Expect(card.GetByTestId("exposes-support")).ToBeVisibleAsync();
        await Expect(card.GetByTestId("exposes-ads")).ToHaveCountAsync(0);
        await admin.ScreenshotAsync("laptop-shares");

        // A stranger (a fresh browser: no cookies) opens the link: the chosen panels, read-only, nothing leading into the app.
        var stranger = await app.NewPageAsync(1280, 900);
        var opened = await stranger.GotoAsync(link);
        Assert.Equal(200, opened!.Status);
        await stranger.WaitInteractiveAsync();
        await Expect(stranger.GetByTestId("share-banner")).ToHaveTextAsync(new Regex(@"^\s*Shared by .+ · read-only · expires \d+ \w+ \d{4} \d\d:\d\d UTC\s*$"));
        await Expect(stranger.Locator("[data-testid=panel-revenue][data-status=Ok]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(stranger.GetByTestId("panel-traffic")).ToBeVisibleAsync();
        await Expect(stranger.GetByTestId("blended-strip")).ToBeVisibleAsync();
        foreach (var hidden in new[] { "ads", "social", "instagram", "email" })
            await Expect(stranger.GetByTestId($"panel-{hidden}")).ToHaveCountAsync(0);
        var hrefs = await stranger.Locator("a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        // Only TV mode of the same link, and "Reload" (href="") of the error bar every page carries.
        Assert.All(hrefs, href => Assert.True(href == "" || href.StartsWith("s/", StringComparison.Ordinal), href));
        await Expect(stranger.GetByRole(AriaRole.Navigation)).ToHaveCountAsync(0);
        await stranger.ScreenshotAsync("laptop-shared-view");
        await stranger.SetViewportSizeAsync(390, 844);
        await stranger.GotoAsync(link); // the charts were drawn for the laptop's width
        await stranger.WaitInteractiveAsync();
        await Expect(stranger.Locator("[data-testid=panel-support][data-status=Ok]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await stranger.ScreenshotAsync("phone-shared-view");
        Assert.True(await stranger.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the shared view scrolls sideways on a phone: " + await stranger.EvaluateAsync<string>(
                "() => [...document.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(' | ')"));

        // TV mode: dark, large, live.
        var tv = await app.NewPageAsync(1920, 1080);
        await tv.GotoAsync(link + "?tv=1");
        await tv.WaitInteractiveAsync();
        await Expect(tv.Locator("[data-testid=panel-revenue][data-status=Ok]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(tv.GetByTestId("tv-mode")).ToHaveCountAsync(0);
        Assert.Equal("rgb(21, 22, 27)", await tv.BackgroundColorAsync());
        await tv.ScreenshotAsync("tv-shared-view");

        // A sync of the workspace finishing (started over the API) refreshes the TV in place, and the link is checked again.
        var tvRevenue = tv.GetByTestId("panel-revenue");
        var loads = await tvRevenue.GetAttributeAsync("data-loads");
        var checks = await tv.GetByTestId("shared-view").GetAttributeAsync("data-checks");
        var navigations = 0;
        tv.FrameNavigated += (_, frame) => { if (frame == tv.MainFrame) navigations++; };
        var api = await ApiUser.SignInAsync(app, BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await api.Client.PostAsync("api/work/sync/stripe", null)).StatusCode);
        await Expect(tvRevenue).Not.ToHaveAttributeAsync("data-loads", loads!, new() { Timeout = 60_000 });
        await Expect(tv.GetByTestId("shared-view")).Not.ToHaveAttributeAsync("data-checks", checks!);
        await Expect(tvRevenue).ToHaveAttributeAsync("data-status", "Ok");
        Assert.Equal(0, navigations);

        // Revoked: the open TV drops the data at once, without a reload; a new visit gets 410 and the same page.
        await card.GetByTestId("share-revoke").ClickAsync();
        await admin.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "It stops working at once" })
            .GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        await Expect(card.GetByTestId("share-state")).ToHaveTextAsync("Revoked");
        await Expect(tv.GetByTestId("share-invalid")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(tv.GetByTestId("panel-revenue")).ToHaveCountAsync(0);
        await tv.ScreenshotAsync("tv-shared-view-revoked");
        var again = await stranger.GotoAsync(link);
        Assert.Equal(410, again!.Status);
        await Expect(stranger.GetByRole(AriaRole.Heading, new() { Name = "This link is no longer valid" })).ToBeVisibleAsync();
        await Expect(stranger.GetByTestId("panel-revenue")).ToHaveCountAsync(0);
        await stranger.ScreenshotAsync("phone-shared-view-revoked");
        await admin.SetViewportSizeAsync(390, 844);
        await admin.OpenAsync("shares", "Share links");
        Assert.True(await admin.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the shares page scrolls sideways on a phone");
        await admin.ScreenshotAsync("phone-shares");
    }
}
