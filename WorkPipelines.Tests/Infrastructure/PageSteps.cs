using Microsoft.Playwright;

namespace WorkPipelines.Tests.Infrastructure;

/// <summary>Steps a person takes, shared by the browser tests.</summary>
internal static class PageSteps
{
    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("Account/Login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
    }

    /// <summary>Registers a new account from the page a visitor would use; lands on the dashboard.</summary>
    public static async Task<string> RegisterAsync(this IPage page, string prefix, string password = "Connect-2026!")
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@example.test";
        await page.GotoAsync("Account/Register");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.FillAsync("#confirm", password);
        await page.ClickAsync("button[type=submit]");
        await page.ExpectHeadingAsync("Dashboard");
        return email;
    }

    /// <summary>Goes to <paramref name="path"/>, checks its heading and waits until it is interactive.</summary>
    public static async Task OpenAsync(this IPage page, string path, string heading)
    {
        await page.GotoAsync(path);
        await page.ExpectHeadingAsync(heading);
        await page.WaitInteractiveAsync();
    }

    /// <summary>
    /// Waits until the Blazor circuit is live, so clicks reach the server. A circuit's start (WebSocket, first render,
    /// the layout's first interop call) took over 15 s twice in CI while the whole suite ran on two busy cores, so this
    /// one step waits longer than the other steps do.
    /// </summary>
    public static Task WaitInteractiveAsync(this IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 45_000 });

    public static async Task ExpectHeadingAsync(this IPage page, string heading)
    {
        var h1 = page.Locator("h1").First;
        await h1.WaitForAsync();
        await Assertions.Expect(h1).ToHaveTextAsync(heading);
    }

    /// <summary>
    /// A full-page picture of the page once it has settled: skeletons (panels loading, charts not drawn yet) gone,
    /// or 10 s passed — a picture is for a person to look at, not an assertion, so a page still loading is shown so.
    /// </summary>
    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        try
        {
            await page.WaitForFunctionAsync("() => document.querySelectorAll('.mud-skeleton').length === 0", null, new() { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotsDir, name + ".png"), FullPage = true });
    }

    /// <summary>
    /// A change through the API with the page's sign-in cookie, made as the app's own pages must make it: with the
    /// antiforgery token from <c>GET /api/work/antiforgery</c> in its header (without it the API answers 403).
    /// </summary>
    public static async Task<IAPIResponse> SendApiAsync(this IPage page, string method, string path, object data)
    {
        var token = (await (await page.APIRequest.GetAsync("api/work/antiforgery")).JsonAsync())!.Value;
        return await page.APIRequest.FetchAsync(path, new()
        {
            Method = method,
            DataObject = data,
            Headers = new Dictionary<string, string> { [token.GetProperty("headerName").GetString()!] = token.GetProperty("token").GetString()! },
        });
    }

    public static Task<string> BackgroundColorAsync(this IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
}
