using Microsoft.Playwright;

namespace WorkPipelines.Tests.Infrastructure;

/// <summary>The app with a demo admin, on real Kestrel, driven by Debian's Chromium through Playwright.</summary>
public sealed class BrowserFixture : WorkAppFactory
{
    public const string DemoEmail = "admin@demo.test";
    public const string DemoPassword = "Demo-Password-1!";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    protected override IDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Demo:Enabled"] = "true",
        ["Demo:Email"] = DemoEmail,
        ["Demo:Password"] = DemoPassword,
        ["Demo:SandboxHistoryDays"] = "20",
        ["Connectors:SandboxHistoryDays"] = "20",
        // "My own Stripe account" goes to an imitation that refuses every key, as Stripe would a wrong one.
        ["Connectors:ProviderBaseUrls:stripe"] = StripeRefusingKeys.Value.Root.ToString(),
        ["Outbound:AllowLoopbackEndpoints:1"] = StripeRefusingKeys.Value.EndPoint,
        // "My own Shopify account" goes to an imitation whose token endpoint refuses every client secret.
        ["Connectors:ProviderBaseUrls:shopify"] = ShopifyRefusingSecrets.Value.Root.ToString(),
        ["Outbound:AllowLoopbackEndpoints:2"] = ShopifyRefusingSecrets.Value.EndPoint,
    };

    // RFC 6749 §5.2, as Shopify's client-credentials grant answers a wrong client (see ShopifyAppCredentials).
    private static readonly Lazy<LoopbackListener> ShopifyRefusingSecrets = new(() => LoopbackListener.StartAsync(context =>
    {
        context.Response.StatusCode = 400;
        return Microsoft.AspNetCore.Http.HttpResponseJsonExtensions.WriteAsJsonAsync(context.Response,
            new Dictionary<string, string> { ["error"] = "invalid_client", ["error_description"] = "Client authentication failed." });
    }).GetAwaiter().GetResult());

    private static readonly Lazy<LoopbackListener> StripeRefusingKeys = new(() => LoopbackListener.StartAsync(context =>
    {
        context.Response.StatusCode = 401;
        return Microsoft.AspNetCore.Http.HttpResponseJsonExtensions.WriteAsJsonAsync(context.Response,
            new { error = new { type = "invalid_request_error", message = "Invalid API Key provided: sk_test_****_key" } });
    }).GetAwaiter().GetResult());

    /// <summary>Where screenshots go: $SCREENSHOTS_DIR, else a folder beside the test binaries.</summary>
    public static string ScreenshotsDir { get; } =
        Environment.GetEnvironmentVariable("SCREENSHOTS_DIR") is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    internal async Task StartBrowserAsync()
    {
        if (_playwright is not null) return;
        Directory.CreateDirectory(ScreenshotsDir);
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Debian's Chromium (CHROMIUM_PATH overrides), headless, as every browser test drives it.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });

    /// <summary>A fresh browser context (no cookies) with a page at the given viewport.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        await StartBrowserAsync();
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = RootUri.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            // Charts honour it (no animations), so screenshots show final values.
            ReducedMotion = ReducedMotion.Reduce,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) => { if (message.Type == "error") Console.WriteLine($"[browser] {message.Text}"); };
        return page;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
