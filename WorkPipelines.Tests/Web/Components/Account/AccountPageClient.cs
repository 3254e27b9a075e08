using System.Net;
using System.Text.RegularExpressions;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Components.Account;

/// <summary>
/// A browser without JavaScript on the static account pages: opens a page, then posts its form back with the
/// hidden fields the page rendered (the form's handler name and the antiforgery token). Redirects are not followed.
/// </summary>
internal sealed partial class AccountPageClient : IDisposable
{
    private readonly HttpClient _client;

    public AccountPageClient(WorkAppFactory app) =>
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = app.RootUri };

    public CookieContainer Cookies { get; } = new();

    /// <summary>True once the sign-in cookie is set.</summary>
    public bool IsSignedIn => Cookies.GetAllCookies().Any(c => c.Name == ".AspNetCore.Identity.Application" && !c.Expired && c.Value.Length > 0);

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    /// <summary>Opens <paramref name="path"/> and submits its form with <paramref name="fields"/> (e.g. <c>Input.Email</c>).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string path, IReadOnlyDictionary<string, string> fields)
    {
        var page = await _client.GetStringAsync(path);
        var form = HiddenInputs(page).ToDictionary();
        Assert.Contains("__RequestVerificationToken", form.Keys);
        foreach (var (name, value) in fields) form[name] = value;
        return await _client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    private static IEnumerable<KeyValuePair<string, string>> HiddenInputs(string html) =>
        HiddenInput().Matches(html)
            .Select(input => (Name: Attribute(input.Value, "name"), Value: Attribute(input.Value, "value")))
            .Where(input => input.Name is not null)
            .Select(input => KeyValuePair.Create(input.Name!, input.Value ?? ""));

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $@"\b{name}=""([^""]*)""") is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;

    [GeneratedRegex(@"<input\b[^>]*\btype=""hidden""[^>]*>")]
    private static partial Regex HiddenInput();

    public void Dispose() => _client.Dispose();
}
