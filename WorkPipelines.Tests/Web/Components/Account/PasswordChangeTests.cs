using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Identity;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Components.Account;

/// <summary>/api/auth/manage takes bearer tokens, and a new password ends every session signed in with the old one.</summary>
[Collection(AppCollection.Name)]
public class PasswordChangeTests(WorkAppFactory app)
{
    private const string NewPassword = "Changed-password-2026!";

    [Fact]
    public async Task Bearer_client_changes_its_password_through_manage_info()
    {
        var user = await ApiUser.RegisterAsync(app, "changer");

        var info = await user.Client.GetAsync("api/auth/manage/info");
        var change = await ChangePasswordAsync(user);

        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        var withNew = await ApiUser.SignInAsync(app, user.Email, NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await withNew.Client.GetAsync("api/work/me")).StatusCode);
        using var anonymous = app.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("api/auth/login", new { email = user.Email, password = user.Password })).StatusCode);
    }

    [Fact]
    public async Task Manage_api_without_credentials_answers_401()
    {
        using var client = app.CreateAnonymousClient();

        var response = await client.GetAsync("api/auth/manage/info");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Password_change_ends_the_bearer_tokens_issued_before_it()
    {
        var user = await ApiUser.RegisterAsync(app, "tokens");
        var otherDevice = await ApiUser.SignInAsync(app, user.Email, user.Password);
        Assert.Equal(HttpStatusCode.OK, (await otherDevice.Client.GetAsync("api/work/me")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await ChangePasswordAsync(user)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await otherDevice.Client.GetAsync("api/work/me")).StatusCode);
        var signedInAgain = await ApiUser.SignInAsync(app, user.Email, NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await signedInAgain.Client.GetAsync("api/work/me")).StatusCode);
    }

    [Fact]
    public async Task Password_change_ends_the_cookie_sessions_signed_in_before_it()
    {
        var user = await ApiUser.RegisterAsync(app, "cookies");
        using var browser = new AccountPageClient(app);
        var signIn = await browser.SubmitAsync("Account/Login", new Dictionary<string, string> { ["Input.Email"] = user.Email, ["Input.Password"] = user.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("api/work/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("pipelines")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await ChangePasswordAsync(user)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("api/work/me")).StatusCode);
        var page = await browser.GetAsync("pipelines");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Login", page.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Password_reset_ends_the_sessions_signed_in_before_it()
    {
        var user = await ApiUser.RegisterAsync(app, "reset");
        using var browser = new AccountPageClient(app);

        var reset = await browser.SubmitAsync($"Account/ResetPassword?code={await ResetCodeAsync(user.Email)}", new Dictionary<string, string>
        {
            ["Input.Email"] = user.Email,
            ["Input.Password"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.EndsWith("Account/ResetPasswordConfirmation", reset.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Client.GetAsync("api/work/me")).StatusCode);
    }

    private static Task<HttpResponseMessage> ChangePasswordAsync(ApiUser user) =>
        user.Client.PostAsJsonAsync("api/auth/manage/info", new { oldPassword = user.Password, newPassword = NewPassword });

    /// <summary>The code of the reset link the Forgot password page would mail.</summary>
    private async Task<string> ResetCodeAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var token = await users.GeneratePasswordResetTokenAsync((await users.FindByEmailAsync(email))!);
        return WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
    }
}
