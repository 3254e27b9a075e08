using System.Net;
using System.Net.Http.Json;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Web.Features.Workspaces;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Workspaces;

[Collection(AppCollection.Name)]
public class MembersApiTests(WorkAppFactory app)
{
    [Fact]
    public async Task Admin_adds_a_registered_user_who_then_sees_the_workspace()
    {
        var admin = await ApiUser.RegisterAsync(app, "admin");
        var colleague = await ApiUser.RegisterAsync(app, "colleague");

        var added = await admin.AddMemberAsync(colleague, WorkspaceRole.Member);

        Assert.Equal(colleague.Email, added.Email);
        Assert.Equal(WorkspaceRole.Member, added.Role);
        var adminsWorkspace = (await admin.MeAsync()).Workspace.WorkspaceId;
        Assert.Contains((await colleague.MeAsync()).Workspaces, w => w.WorkspaceId == adminsWorkspace && w.Role == WorkspaceRole.Member);
        Assert.Equal(2, (await admin.MembersAsync()).Count);
    }

    [Fact]
    public async Task Member_cannot_add_change_or_remove_and_nothing_changes()
    {
        var (admin, member) = await AdminWithMemberAsync();
        var outsider = await ApiUser.RegisterAsync(app, "outsider");
        var adminMembership = (await admin.MembersAsync()).Single(m => m.Email == admin.Email);
        var before = await admin.MembersAsync();

        var add = await member.Client.PostAsJsonAsync("api/work/workspace/members", new { email = outsider.Email, role = "Member" });
        var promote = await member.Client.PatchAsJsonAsync($"api/work/workspace/members/{adminMembership.Id}", new { role = "Member" });
        var remove = await member.Client.DeleteAsync($"api/work/workspace/members/{adminMembership.Id}");

        Assert.All([add, promote, remove], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Contains("Only workspace admins", await add.Content.ReadAsStringAsync());
        Assert.Equivalent(before, await admin.MembersAsync());
    }

    [Fact]
    public async Task Admin_changes_a_members_role()
    {
        var (admin, member) = await AdminWithMemberAsync();
        var membership = (await admin.MembersAsync()).Single(m => m.Email == member.Email);

        var response = await admin.Client.PatchAsJsonAsync($"api/work/workspace/members/{membership.Id}", new { role = "admin" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(WorkspaceRole.Admin, (await member.MeAsync()).Workspace.Role);
    }

    [Fact]
    public async Task The_last_admin_can_be_neither_demoted_nor_removed()
    {
        var (admin, _) = await AdminWithMemberAsync();
        var self = (await admin.MembersAsync()).Single(m => m.Email == admin.Email);

        var demote = await admin.Client.PatchAsJsonAsync($"api/work/workspace/members/{self.Id}", new { role = "Member" });
        var remove = await admin.Client.DeleteAsync($"api/work/workspace/members/{self.Id}");

        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);
        Assert.Contains("at least one admin", await remove.Content.ReadAsStringAsync());
        Assert.Equal(WorkspaceRole.Admin, (await admin.MeAsync()).Workspace.Role);
    }

    [Fact]
    public async Task Admin_removes_a_member_who_loses_access()
    {
        var (admin, member) = await AdminWithMemberAsync();
        var workspaceId = (await admin.MeAsync()).Workspace.WorkspaceId;
        var membership = (await admin.MembersAsync()).Single(m => m.Email == member.Email);

        var response = await admin.Client.DeleteAsync($"api/work/workspace/members/{membership.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.DoesNotContain((await member.MeAsync()).Workspaces, w => w.WorkspaceId == workspaceId);
    }

    [Theory]
    [InlineData("{\"email\":\"nobody-here@example.test\",\"role\":\"Member\"}", HttpStatusCode.BadRequest, "Ask them to register first")]
    [InlineData("{\"email\":\"not-an-email\",\"role\":\"Member\"}", HttpStatusCode.BadRequest, "not an email address")]
    [InlineData("{\"email\":\"x@example.test\",\"role\":\"Owner\"}", HttpStatusCode.BadRequest, "valid roles: Member, Admin")]
    [InlineData("{\"email\":\"x@example.test\",\"role\":\"1\"}", HttpStatusCode.BadRequest, "valid roles: Member, Admin")]
    [InlineData("{\"email\":42}", HttpStatusCode.BadRequest, "")]
    [InlineData("not json", HttpStatusCode.BadRequest, "")]
    public async Task Bad_add_member_requests_get_a_problem_and_change_nothing(string body, HttpStatusCode status, string message)
    {
        var admin = await ApiUser.RegisterAsync(app, "strict");

        var response = await admin.Client.PostAsync("api/work/workspace/members", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Single(await admin.MembersAsync());
    }

    [Fact]
    public async Task Adding_an_existing_member_again_is_a_conflict()
    {
        var (admin, member) = await AdminWithMemberAsync();

        var again = await admin.Client.PostAsJsonAsync("api/work/workspace/members", new { email = member.Email, role = "Admin" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(WorkspaceRole.Member, (await admin.MembersAsync()).Single(m => m.Email == member.Email).Role);
    }

    [Fact]
    public async Task Another_workspaces_member_id_answers_404_and_is_untouched()
    {
        var (otherAdmin, otherMember) = await AdminWithMemberAsync();
        var foreign = (await otherAdmin.MembersAsync()).Single(m => m.Email == otherMember.Email);
        var attacker = await ApiUser.RegisterAsync(app, "attacker");

        var patch = await attacker.Client.PatchAsJsonAsync($"api/work/workspace/members/{foreign.Id}", new { role = "Admin" });
        var delete = await attacker.Client.DeleteAsync($"api/work/workspace/members/{foreign.Id}");

        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(WorkspaceRole.Member, (await otherAdmin.MembersAsync()).Single(m => m.Id == foreign.Id).Role);
    }

    [Fact]
    public async Task Another_workspace_id_answers_404_for_switch_and_header()
    {
        var owner = await ApiUser.RegisterAsync(app, "owner");
        var foreignWorkspace = (await owner.MeAsync()).Workspace.WorkspaceId;
        var attacker = await ApiUser.RegisterAsync(app, "attacker");

        var switched = await attacker.Client.PostAsync($"api/work/workspaces/{foreignWorkspace}/switch", null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/work/workspace/members");
        request.Headers.Add("X-Workspace-Id", foreignWorkspace.ToString());
        var listed = await attacker.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, switched.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, listed.StatusCode);
        Assert.NotEqual(foreignWorkspace, (await attacker.MeAsync()).Workspace.WorkspaceId);
    }

    [Fact]
    public async Task A_user_in_two_workspaces_switches_between_them()
    {
        var admin = await ApiUser.RegisterAsync(app, "admin");
        var member = await ApiUser.RegisterAsync(app, "member");
        await admin.AddMemberAsync(member, WorkspaceRole.Member);
        var shared = (await admin.MeAsync()).Workspace.WorkspaceId;
        var own = (await member.MeAsync()).Workspace.WorkspaceId;
        Assert.NotEqual(shared, own);

        var response = await member.Client.PostAsync($"api/work/workspaces/{shared}/switch", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var me = await member.MeAsync();
        Assert.Equal(shared, me.Workspace.WorkspaceId);
        Assert.Equal(WorkspaceRole.Member, me.Workspace.Role);
        Assert.Equal(2, (await member.MembersAsync()).Count);
    }

    [Fact]
    public async Task Admin_sets_time_zone_and_currency_and_the_dashboard_counts_days_there()
    {
        var (admin, member) = await AdminWithMemberAsync();

        var bad = await admin.Client.PutAsJsonAsync("api/work/workspace", new { name = "Acme", timeZone = "Mars/Olympus", currency = "USD" });
        var byMember = await member.Client.PutAsJsonAsync("api/work/workspace", new { name = "Hijacked", timeZone = "UTC", currency = "USD" });
        var ok = await admin.Client.PutAsJsonAsync("api/work/workspace", new { name = "Acme", timeZone = "Pacific/Kiritimati", currency = "EUR" });
        var settings = await admin.Client.GetFromJsonAsync<WorkspaceView>("api/work/workspace", ApiUser.Json);
        var dashboard = await admin.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("api/work/dashboard/aggregate?period=7d");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("IANA name", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        Assert.Equal(("Acme", "Pacific/Kiritimati", "EUR"), (settings!.Name, settings.TimeZone, settings.Currency));
        // UTC+14: "today" there is the UTC date, or the day after it.
        var to = DateOnly.Parse(dashboard.GetProperty("period").GetProperty("to").GetString()!);
        var utcToday = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.True(to == utcToday || to == utcToday.AddDays(1), $"period ends {to}, UTC today is {utcToday}");
    }

    private async Task<(ApiUser Admin, ApiUser Member)> AdminWithMemberAsync()
    {
        var admin = await ApiUser.RegisterAsync(app, "admin");
        var member = await ApiUser.RegisterAsync(app, "member");
        await admin.AddMemberAsync(member, WorkspaceRole.Member);
        // The member acts in the admin's workspace from now on.
        var workspaceId = (await admin.MeAsync()).Workspace.WorkspaceId;
        Assert.Equal(HttpStatusCode.NoContent, (await member.Client.PostAsync($"api/work/workspaces/{workspaceId}/switch", null)).StatusCode);
        return (admin, member);
    }
}
