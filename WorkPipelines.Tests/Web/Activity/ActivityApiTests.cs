using System.Net;
using System.Net.Http.Json;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Activity;

[Collection(AppCollection.Name)]
public class ActivityApiTests(WorkAppFactory app)
{
    [Fact]
    public async Task Sign_ins_and_member_changes_are_recorded_with_actor_and_address()
    {
        var admin = await ApiUser.RegisterAsync(app, "recorded");
        var colleague = await ApiUser.RegisterAsync(app, "colleague");
        await admin.AddMemberAsync(colleague, WorkspaceRole.Member);

        var activity = (await admin.Client.GetFromJsonAsync<ActivityList>("api/work/activity", ApiUser.Json))!;

        var signIn = Assert.Single(activity.Items, a => a.Action == "user.signed_in");
        Assert.Equal(admin.Email, signIn.ActorName);
        Assert.Equal("api token", signIn.Target);
        Assert.Equal("127.0.0.1", signIn.IpAddress);
        var added = Assert.Single(activity.Items, a => a.Action == "member.added");
        Assert.Equal($"{colleague.Email} as Member", added.Target);
        Assert.Equal("127.0.0.1", added.IpAddress);
        Assert.Equal(added, activity.Items[0]); // newest first
    }

    [Fact]
    public async Task Activity_is_searchable_and_paged()
    {
        var admin = await ApiUser.RegisterAsync(app, "pager");
        for (var i = 0; i < 3; i++) await admin.AddMemberAsync(await ApiUser.RegisterAsync(app, $"m{i}"), WorkspaceRole.Member);

        var added = (await admin.Client.GetFromJsonAsync<ActivityList>("api/work/activity?q=member.added&pageSize=2", ApiUser.Json))!;
        var second = (await admin.Client.GetFromJsonAsync<ActivityList>("api/work/activity?q=member.added&pageSize=2&page=2", ApiUser.Json))!;

        Assert.Equal(3, added.Total);
        Assert.Equal(2, added.Items.Count);
        Assert.Single(second.Items);
        Assert.All(added.Items.Concat(second.Items), a => Assert.Equal("member.added", a.Action));
    }

    [Fact]
    public async Task Another_workspaces_activity_is_invisible()
    {
        var owner = await ApiUser.RegisterAsync(app, "private");
        await owner.AddMemberAsync(await ApiUser.RegisterAsync(app, "someone"), WorkspaceRole.Member);
        var stranger = await ApiUser.RegisterAsync(app, "nosy");

        var seen = (await stranger.Client.GetFromJsonAsync<ActivityList>("api/work/activity?q=member.added", ApiUser.Json))!;

        Assert.Equal(0, seen.Total);
    }

    [Theory]
    [InlineData("page=0", "page must be 1 or more")]
    [InlineData("pageSize=0", "pageSize must be between 1 and 200")]
    [InlineData("pageSize=many", "")]
    public async Task Bad_paging_gets_a_problem(string query, string message)
    {
        var user = await ApiUser.RegisterAsync(app);

        var response = await user.Client.GetAsync($"api/work/activity?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }
}
