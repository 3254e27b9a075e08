using System.Net;
using System.Net.Http.Json;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Components.Account;

[Collection(AppCollection.Name)]
public class AuthApiTests(WorkAppFactory app)
{
    [Fact]
    public async Task Registration_creates_the_users_own_workspace_with_them_as_admin()
    {
        var user = await ApiUser.RegisterAsync(app, "owner");

        var me = await user.MeAsync();

        Assert.Equal(user.Email, me.Email);
        Assert.Equal(WorkspaceRole.Admin, me.Workspace.Role);
        var only = Assert.Single(me.Workspaces);
        Assert.Equal(me.Workspace.WorkspaceId, only.WorkspaceId);
        var member = Assert.Single(await user.MembersAsync());
        Assert.Equal(user.Email, member.Email);
    }

    [Fact]
    public async Task Bearer_token_from_api_auth_login_opens_the_work_api()
    {
        var user = await ApiUser.RegisterAsync(app);

        var response = await user.Client.GetAsync("api/work/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Cookie_from_api_auth_login_opens_the_work_api()
    {
        var user = await ApiUser.RegisterAsync(app);
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = app.RootUri };

        var login = await client.PostAsJsonAsync("api/auth/login?useCookies=true", new { email = user.Email, password = user.Password });
        var me = await client.GetAsync("api/work/me");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.NotEmpty(cookies.GetCookies(app.RootUri));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-real-token")]
    public async Task Work_api_without_valid_credentials_answers_401_problem(string? authorization)
    {
        using var client = app.CreateAnonymousClient();
        if (authorization is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var response = await client.GetAsync("api/work/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unauthenticated_page_request_redirects_to_sign_in()
    {
        using var client = app.CreateAnonymousClient();

        var response = await client.GetAsync("pipelines");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        var user = await ApiUser.RegisterAsync(app, "locked");
        using var client = app.CreateAnonymousClient();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var wrong = await client.PostAsJsonAsync("api/auth/login", new { email = user.Email, password = "Wrong-password-1" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        var right = await client.PostAsJsonAsync("api/auth/login", new { email = user.Email, password = user.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
    }

    [Fact]
    public async Task Four_wrong_passwords_do_not_lock_the_account()
    {
        var user = await ApiUser.RegisterAsync(app, "careful");
        using var client = app.CreateAnonymousClient();

        for (var attempt = 0; attempt < 4; attempt++)
            await client.PostAsJsonAsync("api/auth/login", new { email = user.Email, password = "Wrong-password-1" });
        var right = await client.PostAsJsonAsync("api/auth/login", new { email = user.Email, password = user.Password });

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Theory]
    [InlineData("short1!")]
    [InlineData("alllowercase-no-digit")]
    public async Task Weak_password_is_refused_with_a_problem_naming_the_rule(string password)
    {
        using var client = app.CreateAnonymousClient();

        var response = await client.PostAsJsonAsync("api/auth/register", new { email = $"weak-{Guid.NewGuid():N}@example.test", password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Password", await response.Content.ReadAsStringAsync());
    }
}
