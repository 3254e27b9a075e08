using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace WorkPipelines.Tests.Infrastructure;

/// <summary>
/// A browser signed in with the app's cookie that goes through "Connect with …" by hand: follows each redirect itself (so
/// a test sees where it is sent), and answers the sandbox's consent page as a person would.
/// </summary>
internal sealed partial class SignInFlow : IDisposable
{
    private readonly HttpClient _client;

    private SignInFlow(WorkAppFactory app) =>
        _client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.RootUri };

    /// <summary>Signs in with the cookie a browser gets (<c>useCookies=true</c>).</summary>
    public static async Task<SignInFlow> SignInAsync(WorkAppFactory app, ApiUser user)
    {
        var flow = new SignInFlow(app);
        var login = await flow._client.PostAsJsonAsync("api/auth/login?useCookies=true", new { email = user.Email, password = user.Password });
        Assert.True(login.IsSuccessStatusCode, await login.Content.ReadAsStringAsync());
        return flow;
    }

    /// <summary>Starts the sign-in; returns where the browser is sent (the provider's consent page, or back with a note).</summary>
    public async Task<Uri> StartAsync(string startUrl)
    {
        var response = await _client.GetAsync(startUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Absolute(response.Headers.Location!);
    }

    /// <summary>Opens the consent page, answers it, and follows the provider's redirect back to the app's callback; returns where the app sends the browser then.</summary>
    public async Task<Uri> ConsentAsync(Uri consentPage, bool allow)
    {
        var page = await _client.GetStringAsync(consentPage);
        var form = HiddenInput().Matches(page).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        form["decision"] = allow ? "allow" : "deny";
        var answer = await _client.PostAsync(consentPage, new FormUrlEncodedContent(form));
        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, await answer.Content.ReadAsStringAsync());
        var callback = await _client.GetAsync(answer.Headers.Location);
        Assert.True(callback.StatusCode == HttpStatusCode.Redirect, $"{callback.StatusCode}: {await callback.Content.ReadAsStringAsync()}");
        return Absolute(callback.Headers.Location!);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    /// <summary>The query value <paramref name="name"/> of where the app sent the browser.</summary>
    public static string? Query(Uri uri, string name) => QueryHelpers.ParseQuery(uri.Query).TryGetValue(name, out var value) ? value.ToString() : null;

    private Uri Absolute(Uri location) => location.IsAbsoluteUri ? location : new Uri(_client.BaseAddress!, location);

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenInput();

    public void Dispose() => _client.Dispose();
}
