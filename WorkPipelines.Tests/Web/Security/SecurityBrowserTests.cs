using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Security;

/// <summary>The app's pages work under its content security policy: Blazor, MudBlazor and the charts run, nothing is refused.</summary>
[Collection(BrowserCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class SecurityBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task Pages_work_under_the_content_security_policy_and_nothing_is_refused()
    {
        var page = await app.NewPageAsync();
        List<string> refused = [];
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) refused.Add(message.Text); };
        var policies = new List<string>();
        page.Response += (_, response) => { if (response.Request.ResourceType == "document") policies.Add(response.Headers.GetValueOrDefault("content-security-policy") ?? ""); };

        await page.SignInAsync(BrowserFixture.DemoEmail, BrowserFixture.DemoPassword);
        await page.ExpectHeadingAsync("Dashboard");
        await page.WaitInteractiveAsync();
        await Expect(page.GetByTestId("panel-revenue").Locator(".apexcharts-canvas")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.GetByTestId("dark-mode-toggle").ClickAsync(); // a MudBlazor control answering over the circuit
        await Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", "rgb(255, 255, 255)");
        await page.GetByRole(AriaRole.Link, new() { Name = "Pipelines", Exact = true }).ClickAsync();
        await page.ExpectHeadingAsync("Pipelines");
        await page.GotoAsync("Agents");
        await page.ExpectHeadingAsync("Agents");
        await Expect(page.Locator(".apexcharts-canvas").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByTestId("dark-mode-toggle").ClickAsync();

        Assert.NotEmpty(policies);
        Assert.All(policies, policy =>
        {
            Assert.Contains("default-src 'self'", policy);
            Assert.Matches("script-src 'self' 'nonce-[0-9A-F]{32}'", policy);
        });
        Assert.True(refused.Count == 0, "refused by the content security policy:\n" + string.Join("\n", refused));
    }
}
