using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Security;

/// <summary>Requests forged from another site with the browser's sign-in cookie, and the headers every response carries.</summary>
[Collection(AppCollection.Name)]
public sealed class SecurityTests(WorkAppFactory app)
{
    [Fact]
    public async Task Changes_signed_in_by_cookie_need_the_antiforgery_token_and_bearer_callers_do_not()
    {
        var user = await ApiUser.RegisterAsync(app, "forged");
        using var browser = await CookieClientAsync(user);
        var selfTest = () => new StringContent("""{"seconds":1}""", Encoding.UTF8, "application/json");

        // What a page on another site can make a signed-in browser send: no token, a foreign Origin, form-encoded or no body.
        var foreign = new HttpRequestMessage(HttpMethod.Post, "api/work/pipelines/self-test") { Content = selfTest(), Headers = { { "Origin", "http://evil.example" } } };
        var fromForeignSite = await browser.SendAsync(foreign);
        var formPost = await browser.PostAsync("api/work/pipelines/retry-failed", new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "1" }));
        var bodyless = await browser.PostAsync("api/work/sync/stripe", null);
        var noToken = await browser.PostAsync("api/work/pipelines/self-test", selfTest());
        var runsAfterForgeries = await user.Client.GetFromJsonAsync<RunPage>("api/work/pipelines", ApiUser.Json);

        Assert.All(new[] { fromForeignSite, formPost, bodyless, noToken }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Contains("antiforgery", await noToken.Content.ReadAsStringAsync());
        Assert.Equal(0, runsAfterForgeries!.Total);

        // The app's own page: fetches the token (same origin) and sends it.
        var token = (await browser.GetFromJsonAsync<TokenAnswer>("api/work/antiforgery"))!;
        var withToken = new HttpRequestMessage(HttpMethod.Post, "api/work/pipelines/self-test") { Content = selfTest(), Headers = { { token.HeaderName, token.Token } } };
        Assert.Equal(HttpStatusCode.Accepted, (await browser.SendAsync(withToken)).StatusCode);

        // A script with a bearer token is no browser: a foreign Origin header does not matter.
        var bearer = new HttpRequestMessage(HttpMethod.Post, "api/work/pipelines/self-test") { Content = selfTest(), Headers = { { "Origin", "http://evil.example" } } };
        Assert.Equal(HttpStatusCode.Accepted, (await user.Client.SendAsync(bearer)).StatusCode);
    }

    [Fact]
    public async Task A_cookie_signed_in_hub_connection_from_another_site_is_refused()
    {
        var user = await ApiUser.RegisterAsync(app, "hubbed");
        using var browser = await CookieClientAsync(user);

        var foreign = new HttpRequestMessage(HttpMethod.Post, "hubs/work/negotiate?negotiateVersion=1") { Headers = { { "Origin", "http://evil.example" } } };
        var own = new HttpRequestMessage(HttpMethod.Post, "hubs/work/negotiate?negotiateVersion=1") { Headers = { { "Origin", app.RootUri.GetLeftPart(UriPartial.Authority) } } };

        var foreignWithAnyToken = new HttpRequestMessage(HttpMethod.Post, "hubs/work/negotiate?negotiateVersion=1&access_token=x") { Headers = { { "Origin", "http://evil.example" } } };

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(foreignWithAnyToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(own)).StatusCode); // a change without the token
    }

    [Theory]
    [InlineData("")]
    [InlineData("Account/Login")]
    [InlineData("api/work/me")]
    [InlineData("health")]
    [InlineData("app.css")]
    [InlineData("no-such-page")]
    [InlineData("api/work/brand?site=%5B%5D")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var client = app.CreateAnonymousClient();

        using var response = await client.GetAsync(path);
        var policy = string.Join(";", response.Headers.TryGetValues("Content-Security-Policy", out var values) ? values : []);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.Contains("frame-ancestors 'self'", policy);
        Assert.Matches("script-src 'self' 'nonce-[0-9A-F]{32}'", policy);
    }

    [Fact]
    public async Task The_pages_inline_import_map_carries_the_nonce_of_its_policy()
    {
        using var client = app.CreateAnonymousClient();

        using var response = await client.GetAsync("Account/Login");
        var html = await response.Content.ReadAsStringAsync();
        var nonce = Regex.Match(string.Join(";", response.Headers.GetValues("Content-Security-Policy")), "'nonce-([^']+)'").Groups[1].Value;

        Assert.NotEmpty(nonce);
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\"", html);
        Assert.DoesNotMatch("<script(?![^>]*\\b(src|nonce)=)[^>]*>", html); // no other inline script
    }

    private async Task<HttpClient> CookieClientAsync(ApiUser user)
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.RootUri };
        var login = await browser.PostAsJsonAsync("api/auth/login?useCookies=true", new { email = user.Email, password = user.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return browser;
    }

    private sealed record TokenAnswer(string HeaderName, string Token);
}

/// <summary>Production's cookies and transport security (the deployed defaults).</summary>
public sealed class ProductionSecurityTests(ProductionWorkAppFactory app) : IClassFixture<ProductionWorkAppFactory>
{
    [Fact]
    public async Task The_sign_in_cookie_is_secure_http_only_and_same_site()
    {
        var user = await ApiUser.RegisterAsync(app, "secure");
        using var client = app.CreateAnonymousClient();

        var login = await client.PostAsJsonAsync("api/auth/login?useCookies=true", new { email = user.Email, password = user.Password });
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("sandbox/ga4/o/oauth2/v2/auth")]
    [InlineData("sandbox/zendesk/oauth/authorizations/new")]
    [InlineData("sandbox/shopify/admin/oauth/authorize")]
    public async Task The_sandboxs_sign_in_pages_do_not_exist_in_production(string consentPage)
    {
        // Their "Allow" creates a sandbox account for anyone who posts it: only where OAuth:Sandbox is on (Development, tests).
        using var client = app.CreateAnonymousClient();

        var allow = await client.PostAsync(consentPage, new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "allow" }));

        Assert.Equal(HttpStatusCode.NotFound, allow.StatusCode);
    }
}
