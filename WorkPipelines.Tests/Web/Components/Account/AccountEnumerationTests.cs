using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Identity;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Components.Account;

/// <summary>Sign-in and registration, by API and by page, tell nobody which addresses have an account.</summary>
[Collection(AppCollection.Name)]
public class AccountEnumerationTests(WorkAppFactory app)
{
    private const string WrongPassword = "Wrong-password-1";

    [Fact]
    public async Task Api_login_answers_alike_for_an_unknown_account_a_wrong_password_and_a_locked_account()
    {
        var known = await ApiUser.RegisterAsync(app, "known");
        var locked = await LockedUserAsync();
        using var client = app.CreateAnonymousClient();

        var unknown = await client.PostAsJsonAsync("api/auth/login", new { email = $"nobody-{Guid.NewGuid():N}@example.test", password = WrongPassword });
        var wrong = await client.PostAsJsonAsync("api/auth/login", new { email = known.Email, password = WrongPassword });
        var lockedOut = await client.PostAsJsonAsync("api/auth/login", new { email = locked.Email, password = locked.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, lockedOut.StatusCode);
        var unknownBody = await ProblemWithoutTraceIdAsync(unknown);
        Assert.Equal(unknownBody, await ProblemWithoutTraceIdAsync(wrong));
        Assert.Equal(unknownBody, await ProblemWithoutTraceIdAsync(lockedOut));
    }

    [Fact]
    public async Task Login_page_answers_alike_for_an_unknown_account_a_wrong_password_and_a_locked_account()
    {
        var known = await ApiUser.RegisterAsync(app, "known-page");
        var locked = await LockedUserAsync();

        var unknown = await SignInOnPageAsync($"nobody-{Guid.NewGuid():N}@example.test", WrongPassword);
        var wrong = await SignInOnPageAsync(known.Email, WrongPassword);
        var lockedOut = await SignInOnPageAsync(locked.Email, locked.Password);

        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Contains("Wrong email or password", unknown.Page);
        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, lockedOut);
    }

    [Fact]
    public async Task Sign_in_checks_one_password_hash_for_an_unknown_account_a_wrong_password_and_a_locked_account()
    {
        // How long the answer takes must not tell either: the hash check is what takes time.
        var known = await ApiUser.RegisterAsync(app, "timed");
        var locked = await LockedUserAsync();

        var unknown = await PasswordChecksAsync($"nobody-{Guid.NewGuid():N}@example.test", WrongPassword);
        var wrong = await PasswordChecksAsync(known.Email, WrongPassword);
        var lockedOut = await PasswordChecksAsync(locked.Email, locked.Password);

        Assert.Equal((SignInResult.Failed, 1), unknown);
        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, lockedOut);
    }

    [Fact]
    public async Task Reset_password_page_answers_alike_for_an_unknown_address_and_an_account_with_a_link_not_its_own()
    {
        var known = await ApiUser.RegisterAsync(app, "reset-probe");
        var code = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode("not-a-reset-token"u8.ToArray());

        var unknown = await ResetOnPageAsync(code, $"nobody-{Guid.NewGuid():N}@example.test");
        var account = await ResetOnPageAsync(code, known.Email);

        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Contains("Invalid token", unknown.Page);
        Assert.Equal(unknown, account);
        Assert.Equal(HttpStatusCode.OK, (await known.Client.GetAsync("api/work/me")).StatusCode); // nothing changed
    }

    [Fact]
    public async Task Api_registration_with_a_taken_address_answers_like_a_new_one_and_changes_nothing()
    {
        var owner = await ApiUser.RegisterAsync(app, "owner");
        using var client = app.CreateAnonymousClient();

        var fresh = await client.PostAsJsonAsync("api/auth/register", new { email = $"fresh-{Guid.NewGuid():N}@example.test", password = ApiUser.StrongPassword });
        var taken = await client.PostAsJsonAsync("api/auth/register", new { email = owner.Email, password = "Another-password-2026!" });

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(fresh.StatusCode, taken.StatusCode);
        Assert.Equal(await fresh.Content.ReadAsStringAsync(), await taken.Content.ReadAsStringAsync());
        await AssertOwnerUnchangedAsync(owner, "Another-password-2026!");
    }

    [Fact]
    public async Task Register_page_with_a_taken_address_answers_like_a_new_registration_and_changes_nothing()
    {
        var owner = await ApiUser.RegisterAsync(app, "owner-page");
        using var freshVisitor = new AccountPageClient(app);
        using var visitor = new AccountPageClient(app);

        var fresh = await freshVisitor.SubmitAsync("Account/Register", RegisterForm($"fresh-{Guid.NewGuid():N}@example.test", ApiUser.StrongPassword));
        var taken = await visitor.SubmitAsync("Account/Register", RegisterForm(owner.Email, "Another-password-2026!"));

        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
        Assert.True(freshVisitor.IsSignedIn);
        Assert.Equal(fresh.StatusCode, taken.StatusCode);
        Assert.Equal(fresh.Headers.Location, taken.Headers.Location);
        Assert.False(visitor.IsSignedIn); // not into the owner's account, and not into a new one
        await AssertOwnerUnchangedAsync(owner, "Another-password-2026!");
    }

    private static Dictionary<string, string> RegisterForm(string email, string password) => new()
    {
        ["Input.Email"] = email,
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = password,
    };

    /// <summary>The owner's password still works, the one of the second registration does not, and there is still one workspace.</summary>
    private async Task AssertOwnerUnchangedAsync(ApiUser owner, string secondPassword)
    {
        using var client = app.CreateAnonymousClient();
        var withSecond = await client.PostAsJsonAsync("api/auth/login", new { email = owner.Email, password = secondPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, withSecond.StatusCode);
        var again = await ApiUser.SignInAsync(app, owner.Email, owner.Password);
        Assert.Single((await again.MeAsync()).Workspaces);
    }

    /// <summary>Signs in through the app's sign-in manager, counting the password hashes it checks.</summary>
    private async Task<(SignInResult Result, int HashChecks)> PasswordChecksAsync(string email, string password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        var hasher = new CountingHasher(signIn.UserManager.PasswordHasher);
        signIn.UserManager.PasswordHasher = hasher;
        var result = await signIn.PasswordSignInAsync(email, password, isPersistent: false, lockoutOnFailure: true);
        return (result, hasher.Checks);
    }

    private sealed class CountingHasher(IPasswordHasher<AppUser> inner) : IPasswordHasher<AppUser>
    {
        public int Checks { get; private set; }

        public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Checks++;
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    private async Task<ApiUser> LockedUserAsync()
    {
        var user = await ApiUser.RegisterAsync(app, "locked");
        using var client = app.CreateAnonymousClient();
        for (var attempt = 0; attempt < 5; attempt++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("api/auth/login", new { email = user.Email, password = WrongPassword })).StatusCode);
        return user;
    }

    private Task<(HttpStatusCode Status, Uri? Location, string Page)> SignInOnPageAsync(string email, string password) =>
        SubmitOnPageAsync("Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    private Task<(HttpStatusCode Status, Uri? Location, string Page)> ResetOnPageAsync(string code, string email) =>
        SubmitOnPageAsync($"Account/ResetPassword?code={code}", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Reset-password-2026!",
            ["Input.ConfirmPassword"] = "Reset-password-2026!",
        });

    /// <summary>
    /// The status, where it redirects and the page, without what was typed and what is new on every answer
    /// (the antiforgery token, the encrypted component state).
    /// </summary>
    private async Task<(HttpStatusCode Status, Uri? Location, string Page)> SubmitOnPageAsync(string path, Dictionary<string, string> fields)
    {
        using var visitor = new AccountPageClient(app);
        var response = await visitor.SubmitAsync(path, fields);
        var page = await response.Content.ReadAsStringAsync();
        foreach (var typed in fields.Values) page = page.Replace(typed, "TYPED");
        page = Regex.Replace(page, @"name=""__RequestVerificationToken"" value=""[^""]*""", "");
        page = Regex.Replace(page, "<!--Blazor-Server-Component-State:[^>]*-->", "");
        page = Regex.Replace(page, @"nonce=""[0-9A-F]+""", ""); // the content security policy's, new per response
        return (response.StatusCode, response.Headers.Location, page);
    }

    private static async Task<string> ProblemWithoutTraceIdAsync(HttpResponseMessage response) =>
        Regex.Replace(await response.Content.ReadAsStringAsync(), @",?""traceId"":""[^""]*""", "");
}
