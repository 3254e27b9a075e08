using System.Net;
using System.Net.Http.Json;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Workspaces;

/// <summary>Sample data and the first-run checklist through the API (SQLite; <see cref="PostgresSampleWorkspacesApiTests"/> on PostgreSQL).</summary>
public abstract class SampleWorkspacesApiContract(WorkAppFactory app)
{
    [Fact]
    public async Task Sample_data_is_made_current_then_removed_back_to_the_own_workspace()
    {
        var user = await ApiUser.RegisterAsync(app, "apisample");
        var home = (await user.MeAsync()).Workspace;

        var created = await user.Client.PostAsync("api/work/workspaces/sample", null);
        var sample = (await created.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiUser.Json))!;
        var again = await user.Client.PostAsync("api/work/workspaces/sample", null);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/work/workspaces/{sample.WorkspaceId}", created.Headers.Location?.ToString());
        Assert.True(sample.IsSample);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(sample, await again.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiUser.Json));
        Assert.Equal(sample, (await user.MeAsync()).Workspace);
        Assert.True((await user.Client.GetFromJsonAsync<GettingStartedStatus>("api/work/workspace/getting-started", ApiUser.Json))!.HasSource);

        var removed = await user.Client.DeleteAsync($"api/work/workspaces/{sample.WorkspaceId}");

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(home, await removed.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiUser.Json));
        var me = await user.MeAsync();
        Assert.Equal(home, me.Workspace);
        Assert.DoesNotContain(me.Workspaces, w => w.WorkspaceId == sample.WorkspaceId);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.DeleteAsync($"api/work/workspaces/{sample.WorkspaceId}")).StatusCode);
    }

    [Fact]
    public async Task Bad_removals_get_a_problem_and_change_nothing()
    {
        var owner = await ApiUser.RegisterAsync(app, "apiowner");
        var home = (await owner.MeAsync()).Workspace;
        var sample = (await (await owner.Client.PostAsync("api/work/workspaces/sample", null)).Content.ReadFromJsonAsync<WorkspaceSummary>(ApiUser.Json))!;
        var member = await ApiUser.RegisterAsync(app, "apimember");
        await owner.AddMemberAsync(member, WorkspaceRole.Member);

        var ownWorkspace = await owner.Client.DeleteAsync($"api/work/workspaces/{home.WorkspaceId}");
        var unknown = await owner.Client.DeleteAsync($"api/work/workspaces/{Guid.NewGuid()}");
        var byMember = await member.Client.DeleteAsync($"api/work/workspaces/{sample.WorkspaceId}");

        await ExpectProblemAsync(ownWorkspace, HttpStatusCode.Conflict, "Only a sample data workspace can be removed");
        await ExpectProblemAsync(unknown, HttpStatusCode.NotFound, "was not found among your workspaces");
        await ExpectProblemAsync(byMember, HttpStatusCode.Forbidden, "Only an admin of the sample data workspace");
        var workspaces = (await owner.MeAsync()).Workspaces;
        Assert.Contains(workspaces, w => w.WorkspaceId == home.WorkspaceId);
        Assert.Contains(workspaces, w => w.WorkspaceId == sample.WorkspaceId);
        Assert.Equal(2, (await owner.MembersAsync()).Count);
    }

    [Fact]
    public async Task The_checklist_follows_the_workspace_and_only_an_admin_puts_it_away()
    {
        var admin = await ApiUser.RegisterAsync(app, "checklist");
        var fresh = await admin.Client.GetFromJsonAsync<GettingStartedStatus>("api/work/workspace/getting-started", ApiUser.Json);
        var member = await ApiUser.RegisterAsync(app, "checkmember");
        await admin.AddMemberAsync(member, WorkspaceRole.Member);
        var adminsWorkspace = (await admin.MeAsync()).Workspace.WorkspaceId;
        await member.Client.PostAsync($"api/work/workspaces/{adminsWorkspace}/switch", null);

        var byMember = await member.Client.PostAsync("api/work/workspace/getting-started/dismiss", null);
        var byAdmin = await admin.Client.PostAsync("api/work/workspace/getting-started/dismiss", null);

        Assert.Equal(new GettingStartedStatus(false, false, false, false, false), fresh);
        await ExpectProblemAsync(byMember, HttpStatusCode.Forbidden, GettingStarted.AdminOnly);
        Assert.Equal(HttpStatusCode.NoContent, byAdmin.StatusCode);
        Assert.Equal(new GettingStartedStatus(false, true, false, true, false),
            await member.Client.GetFromJsonAsync<GettingStartedStatus>("api/work/workspace/getting-started", ApiUser.Json));
    }

    [Theory]
    [InlineData("api/work/workspaces/sample", "{}")]
    [InlineData("api/work/workspaces/sample", "{\"name\":\"Mine\"}")]
    [InlineData("api/work/workspace/getting-started/dismiss", "null")]
    public async Task A_body_on_a_call_that_takes_none_is_refused_and_changes_nothing(string path, string body)
    {
        var user = await ApiUser.RegisterAsync(app, "bodied");
        var before = await user.MeAsync();

        var response = await user.Client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ExpectProblemAsync(response, HttpStatusCode.BadRequest, "takes no body");
        Assert.Equivalent(before, await user.MeAsync());
        Assert.False((await user.Client.GetFromJsonAsync<GettingStartedStatus>("api/work/workspace/getting-started", ApiUser.Json))!.Dismissed);
    }

    private static async Task ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }
}

[Collection(SampleDataCollection.Name)]
public sealed class SampleWorkspacesApiTests(SampleDataApp app) : SampleWorkspacesApiContract(app);

[Collection(PostgresSampleDataCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresSampleWorkspacesApiTests(PostgresSampleDataApp app) : SampleWorkspacesApiContract(app);
