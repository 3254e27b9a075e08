using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using WorkPipelines.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WorkPipelines.Tests.Web.Realtime;

/// <summary>
/// Two app processes on one PostgreSQL and one Redis, each with a home of its own as on two machines:
/// A serves users and executes no runs (<c>Pipelines:MaxConcurrentRuns=0</c>), B executes every run. What a
/// user does on A therefore happens on B (the browser test checks the lease of the running run), and whatever
/// reaches the user on A crossed between instances.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class CrossInstanceTests : IAsyncLifetime
{
    private readonly PostgresCluster _cluster = new();
    private AppProcess _a = default!;
    private AppProcess _b = default!;

    public async Task InitializeAsync()
    {
        _a = await _cluster.StartAsync(redis: true, settings: new Dictionary<string, string>
        {
            ["Pipelines:MaxConcurrentRuns"] = "0",
            // Development serves the static web assets (blazor.web.js) from the build output, so the browser's
            // circuit can start on a process run from the test's bin folder.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
        });
        _b = await _cluster.StartAsync(redis: true);
    }

    [Fact]
    public async Task Credentials_and_sign_ins_protected_on_one_instance_are_read_on_the_other_and_both_report_redis_ready()
    {
        var email = $"keys-{Guid.NewGuid():N}@example.test";
        var admin = new ApiUser(email, ApiUser.StrongPassword, await _a.RegisterAsync(email, ApiUser.StrongPassword));

        // A encrypts the sandbox credentials; the first sync runs on B, which must decrypt them to call the provider.
        await admin.ConnectSandboxAsync("stripe", historyDays: 3);
        await admin.WaitForIdleAsync();

        var stripe = await admin.ConnectorAsync("stripe");
        Assert.True(stripe.LastError is null, $"the sync on B failed: {stripe.LastError}\nB:\n{_b.Output}");
        Assert.True(stripe.RecordsSynced > 0);

        // A bearer token A issued is accepted by B.
        using var onB = _b.CreateClient();
        onB.DefaultRequestHeaders.Authorization = admin.Client.DefaultRequestHeaders.Authorization;
        using var me = await onB.GetAsync("api/work/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);

        // Both report the Redis they share as ready.
        foreach (var app in new[] { _a, _b })
        {
            using var client = app.CreateClient();
            using var ready = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("health/ready"));
            var redis = ready.RootElement.GetProperty("checks").GetProperty("redis");
            Assert.Equal("Healthy", redis.GetProperty("status").GetString());
            Assert.True(redis.GetProperty("data").GetProperty("roundTripMs").GetDouble() >= 0);
        }
    }

    [Fact]
    public async Task A_browser_on_one_instance_watches_live_a_run_the_other_instance_executes()
    {
        var email = $"live-{Guid.NewGuid():N}@example.test";
        await (await _a.RegisterAsync(email, ApiUser.StrongPassword)).GetAsync("api/work/me");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserFixture.LaunchChromiumAsync(playwright);
        var context = await browser.NewContextAsync(new() { BaseURL = _a.RootUri.ToString(), ViewportSize = new() { Width = 1280, Height = 800 }, ReducedMotion = ReducedMotion.Reduce });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        await page.SignInAsync(email, ApiUser.StrongPassword);
        await page.OpenAsync("pipelines", "Pipelines");
        var navigations = 0;
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) navigations++; };

        await page.GetByTestId("start-self-test").ClickAsync();

        // Every step of the run happens on B; the page on A hears it through Redis.
        var bar = page.GetByTestId("runs-table").Locator("[role=progressbar]").First;
        await bar.WaitForAsync(new() { Timeout = 30_000 });
        var first = await bar.GetAttributeAsync("aria-valuenow");
        List<string> executors = [];
        await WaitUntilAsync(async () => (executors = await _cluster.ScalarsAsync<string>(
            """SELECT "LeaseOwner" FROM "PipelineRuns" WHERE "Status" = 'Running' AND "LeaseOwner" IS NOT NULL""")).Count > 0);
        Assert.Equal(_b.Id, PostgresCluster.ProcessOf(executors.Single()));
        await Expect(bar).Not.ToHaveAttributeAsync("aria-valuenow", first!, new() { Timeout = 20_000 });
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Self-test finished", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("runs-table").Locator("[data-status=Succeeded]").First).ToBeVisibleAsync();
        Assert.Equal(0, navigations);
        await page.ScreenshotAsync("two-instances-run-on-b-seen-on-a");

        // The sign-in cookie A issued opens B's pages too (the browser sends it to both: cookies ignore ports).
        await page.GotoAsync(new Uri(_b.RootUri, "pipelines").ToString());
        await page.ExpectHeadingAsync("Pipelines");
        await Expect(page.GetByTestId("runs-table").Locator("[data-status=Succeeded]").First).ToBeVisibleAsync();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "not reached within 60 s");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();
}
