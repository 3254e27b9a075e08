using System.Net.Http.Headers;
using System.Net.Http.Json;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Web.Features.Workspaces;

namespace WorkPipelines.Tests.Infrastructure;

/// <summary>A freshly registered user with a bearer-token client, as a script would use the API.</summary>
public sealed record ApiUser(string Email, string Password, HttpClient Client)
{
    public const string StrongPassword = "Pipelines-2026!";

    /// <summary>The API's JSON: web conventions, enums as names.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static async Task<ApiUser> RegisterAsync(WorkAppFactory app, string name = "user")
    {
        var email = $"{name}-{Guid.NewGuid():N}@example.test";
        using var anonymous = app.CreateAnonymousClient();
        var registered = await anonymous.PostAsJsonAsync("api/auth/register", new { email, password = StrongPassword });
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        return await SignInAsync(app, email, StrongPassword);
    }

    public static async Task<ApiUser> SignInAsync(WorkAppFactory app, string email, string password)
    {
        using var anonymous = app.CreateAnonymousClient();
        var login = await anonymous.PostAsJsonAsync("api/auth/login", new { email, password });
        Assert.True(login.IsSuccessStatusCode, $"login {login.StatusCode}: {await login.Content.ReadAsStringAsync()}");
        var token = (await login.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ApiUser(email, password, client);
    }

    public async Task<MeResponse> MeAsync() => (await Client.GetFromJsonAsync<MeResponse>("api/work/me", Json))!;

    public async Task<List<MemberView>> MembersAsync() => (await Client.GetFromJsonAsync<List<MemberView>>("api/work/workspace/members", Json))!;

    /// <summary>Adds <paramref name="other"/> to this user's current workspace and returns the membership.</summary>
    public async Task<MemberView> AddMemberAsync(ApiUser other, WorkspaceRole role)
    {
        var response = await Client.PostAsJsonAsync("api/work/workspace/members", new { email = other.Email, role = role.ToString() });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<MemberView>(Json))!;
    }

    private sealed record TokenResponse(string AccessToken);
}
