using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WorkPipelines.Domain.Sharing;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Sharing;

/// <summary>
/// <c>/api/work/shares</c> and the page behind a link, <c>/s/{token}</c>, over HTTP: made, listed without its token, opened with no
/// sign-in, revoked (410, no data), unknown (404); who may; what is valid; other workspaces.
/// </summary>
[Collection(AppCollection.Name)]
public class SharesApiTests(WorkAppFactory app)
{
    [Fact]
    public async Task An_admin_makes_a_link_anyone_opens_it_and_after_revoking_it_answers_410_with_no_data()
    {
        var admin = await ApiUser.RegisterAsync(app, "shares");
        var workspace = (await admin.MeAsync()).Workspace.WorkspaceName;
        using var anonymous = app.CreateAnonymousClient();

        var response = await admin.Client.PostAsJsonAsync("api/work/shares",
            new { name = "Office TV", panels = new[] { "traffic", "blended" }, period = "7d", compare = "year", expiresInDays = 30 });
        var created = (await response.Content.ReadFromJsonAsync<ShareCreated>(ApiUser.Json))!;
        var listJson = await admin.Client.GetStringAsync("api/work/shares");
        var open = await anonymous.GetAsync(created.Path.TrimStart('/'));
        var openHtml = await open.Content.ReadAsStringAsync();
        var revoke = await admin.Client.DeleteAsync($"api/work/shares/{created.Share.Id}");
        var gone = await anonymous.GetAsync(created.Path.TrimStart('/'));
        var goneHtml = await gone.Content.ReadAsStringAsync();
        var after = (await admin.Client.GetFromJsonAsync<ShareView>($"api/work/shares/{created.Share.Id}", ApiUser.Json))!;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/work/shares/{created.Share.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(["blended", "traffic"], created.Share.Panels.Select(p => p.Key));
        Assert.Equal("Anyone with the link can see Headline numbers and Traffic for the last 7 days (moving with each day), compared with the same days a year earlier, " +
            $"without signing in, until {ShareWords.Instant(created.Share.ExpiresAt)}.", created.Share.Exposes);
        Assert.DoesNotContain(created.Token, listJson);
        Assert.Contains("\"exposes\"", listJson);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Contains($"Shared by {workspace} · read-only · expires", WebUtility.HtmlDecode(openHtml));
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("This link is no longer valid", goneHtml);
        Assert.DoesNotContain(workspace, WebUtility.HtmlDecode(goneHtml));
        Assert.DoesNotContain("Office TV", goneHtml);
        Assert.Equal(ShareState.Revoked, after.State);
        Assert.NotNull(after.LastOpenedAt);
    }

    [Fact]
    public async Task A_link_that_never_existed_answers_404_with_the_same_page()
    {
        using var anonymous = app.CreateAnonymousClient();

        var made = await anonymous.GetAsync("s/" + ShareTokens.New());
        var garbage = await anonymous.GetAsync("s/%27%3B--");

        Assert.Equal(HttpStatusCode.NotFound, made.StatusCode);
        Assert.Contains("This link is no longer valid", await made.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, garbage.StatusCode);
    }

    [Theory]
    [InlineData("""{"panels":["traffic"],"expiresInDays":7}""", "name is missing")]
    [InlineData("""{"name":"x","panels":[],"expiresInDays":7}""", "panels is missing; choose at least one of: blended, revenue, traffic, ads, social, instagram, email, support")]
    [InlineData("""{"name":"x","panels":["traffic","visits"],"expiresInDays":7}""", "unknown panel 'visits'; valid: blended, revenue, traffic")]
    [InlineData("""{"name":"x","panels":["traffic"],"expiresInDays":365}""", "expiresInDays 365; valid: 1, 7, 30, 90")]
    [InlineData("""{"name":"x","panels":["traffic"]}""", "expiresInDays is missing; valid: 1, 7, 30, 90")]
    [InlineData("""{"name":"x","panels":["traffic"],"expiresInDays":7,"period":"2w"}""", "unknown period '2w'; valid: 7d, 30d")]
    [InlineData("""{"name":"x","panels":["traffic"],"expiresInDays":7,"period":"custom","from":"2026-05-01"}""", "custom periods need from and to")]
    public async Task Bad_input_is_a_problem_that_names_what_is_valid(string body, string title)
    {
        var admin = await ApiUser.RegisterAsync(app, "shares-bad");

        var response = await admin.Client.PostAsync("api/work/shares", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(title, problem.GetProperty("title").GetString());
        Assert.Empty((await admin.Client.GetFromJsonAsync<List<ShareView>>("api/work/shares", ApiUser.Json))!);
    }

    [Fact]
    public async Task Another_workspace_gets_404_members_read_but_get_403_and_the_link_keeps_working()
    {
        var admin = await ApiUser.RegisterAsync(app, "shares-owner");
        var member = await ApiUser.RegisterAsync(app, "shares-member");
        var stranger = await ApiUser.RegisterAsync(app, "shares-stranger");
        await admin.AddMemberAsync(member, WorkspaceRole.Member);
        await member.Client.PostAsync($"api/work/workspaces/{(await admin.MeAsync()).Workspace.WorkspaceId}/switch", null);
        var body = new { name = "Board", panels = new[] { "revenue" }, expiresInDays = 7 };
        var created = (await (await admin.Client.PostAsJsonAsync("api/work/shares", body)).Content.ReadFromJsonAsync<ShareCreated>(ApiUser.Json))!;

        var strangerGet = await stranger.Client.GetAsync($"api/work/shares/{created.Share.Id}");
        var strangerDelete = await stranger.Client.DeleteAsync($"api/work/shares/{created.Share.Id}");
        var memberCreate = await member.Client.PostAsJsonAsync("api/work/shares", body);
        var memberDelete = await member.Client.DeleteAsync($"api/work/shares/{created.Share.Id}");
        using var anonymous = app.CreateAnonymousClient();

        Assert.All([strangerGet, strangerDelete], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Empty((await stranger.Client.GetFromJsonAsync<List<ShareView>>("api/work/shares", ApiUser.Json))!);
        Assert.All([memberCreate, memberDelete], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Contains(ShareService.AdminOnly, await memberDelete.Content.ReadAsStringAsync());
        var seen = Assert.Single((await member.Client.GetFromJsonAsync<List<ShareView>>("api/work/shares", ApiUser.Json))!);
        Assert.Equal((ShareState.Active, admin.Email), (seen.State, seen.CreatedBy));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(created.Path.TrimStart('/'))).StatusCode);
    }

    [Fact]
    public async Task The_routes_are_described_in_OpenAPI()
    {
        using var anonymous = app.CreateAnonymousClient();

        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        Assert.Contains("expiresInDays: 1, 7, 30 or 90", paths.GetProperty("/api/work/shares").GetProperty("post").GetProperty("summary").GetString());
        Assert.True(paths.GetProperty("/api/work/shares/{id}").TryGetProperty("delete", out _));
        Assert.True(paths.GetProperty("/api/work/shares/panels").TryGetProperty("get", out _));
    }
}

/// <summary>The same on PostgreSQL.</summary>
[Collection(PostgresAppCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresSharesApiTests(PostgresWorkAppFactory app) : SharesApiTests(app);

/// <summary>The app with a low limit on opening links, to see the limit answer.</summary>
public sealed class RateLimitedShareApp : WorkAppFactory
{
    protected override IDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?> { ["Sharing:OpensPerMinute"] = "3" };
}

/// <summary>Trying tokens in bulk from one address meets 429 (links, good or bad, count alike).</summary>
public sealed class ShareLinkRateLimitTests(RateLimitedShareApp app) : IClassFixture<RateLimitedShareApp>
{
    [Fact]
    public async Task The_fourth_link_opened_within_a_minute_from_one_address_is_refused_with_429()
    {
        using var anonymous = app.CreateAnonymousClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) answers.Add((await anonymous.GetAsync("s/" + ShareTokens.New())).StatusCode);
        var dashboard = await anonymous.GetAsync("Account/Login");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode); // the rest of the app is not limited
    }
}
