using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WorkPipelines.Domain.Annotations;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Annotations;

/// <summary><c>/api/work/annotations</c>: add, list by range and panel, change, delete; who may; what is valid; other workspaces.</summary>
[Collection(AppCollection.Name)]
public class AnnotationsApiTests(WorkAppFactory app)
{
    [Fact]
    public async Task A_member_adds_an_annotation_lists_it_by_range_changes_and_deletes_it()
    {
        var admin = await ApiUser.RegisterAsync(app, "notes");

        var created = await admin.Client.PostAsJsonAsync("api/work/annotations", new { text = "  Spring sale started ", date = "2026-03-10", endDate = "2026-03-14", panel = "Revenue" });
        var note = (await created.Content.ReadFromJsonAsync<AnnotationView>(ApiUser.Json))!;
        await admin.Client.PostAsJsonAsync("api/work/annotations", new { text = "Price change", date = "2026-02-01" });
        var touching = await ListAsync(admin, "2026-03-14", "2026-03-31");
        var before = await ListAsync(admin, "2026-03-01", "2026-03-09");
        var both = await ListAsync(admin, "2026-01-01", "2026-03-31");
        var changed = await admin.Client.PutAsJsonAsync($"api/work/annotations/{note.Id}", new { text = "Spring sale", date = "2026-03-09", panel = "all" });
        var afterChange = (await admin.Client.GetFromJsonAsync<AnnotationView>($"api/work/annotations/{note.Id}", ApiUser.Json))!;
        var deleted = await admin.Client.DeleteAsync($"api/work/annotations/{note.Id}");
        var gone = await admin.Client.GetAsync($"api/work/annotations/{note.Id}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/work/annotations/{note.Id}", created.Headers.Location?.OriginalString);
        Assert.Equal(("Spring sale started", new DateOnly(2026, 3, 10), (DateOnly?)new DateOnly(2026, 3, 14), "revenue", "Revenue"),
            (note.Text, note.Date, note.EndDate, note.Panel, note.PanelTitle));
        Assert.Equal((AnnotationKind.User, false, true), (note.Kind, note.Automatic, note.CanChange));
        Assert.Equal(["Spring sale started"], touching.Select(a => a.Text)); // the range's last day is inside the query
        Assert.Empty(before);
        Assert.Equal(["Price change", "Spring sale started"], both.Select(a => a.Text)); // oldest first
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(("Spring sale", new DateOnly(2026, 3, 9), (DateOnly?)null, (string?)null, "All panels"),
            (afterChange.Text, afterChange.Date, afterChange.EndDate, afterChange.Panel, afterChange.PanelTitle));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(["Price change"], (await ListAsync(admin, "2026-01-01", "2026-03-31")).Select(a => a.Text));
    }

    [Fact]
    public async Task A_panel_lists_its_own_and_every_panels_annotations_but_not_other_panels()
    {
        var admin = await ApiUser.RegisterAsync(app, "notes-panel");
        foreach (var (text, panel) in new[] { ("On revenue", "revenue"), ("On traffic", "traffic"), ("On all", (string?)null) })
            await admin.Client.PostAsJsonAsync("api/work/annotations", new { text, date = "2026-05-05", panel });

        var revenue = await ListAsync(admin, "2026-05-01", "2026-05-31", "&panel=revenue");
        var all = await ListAsync(admin, "2026-05-01", "2026-05-31");

        Assert.Equal(["On all", "On revenue"], revenue.Select(a => a.Text).Order());
        Assert.Equal(3, all.Count);
    }

    [Theory]
    [InlineData("""{"date":"2026-03-10"}""", "text is missing; give 1-200 characters")]
    [InlineData("""{"text":"   ","date":"2026-03-10"}""", "text is missing; give 1-200 characters")]
    [InlineData("""{"text":"Sale"}""", "date is missing; give the day as yyyy-MM-dd")]
    [InlineData("""{"text":"Sale","date":"2026-03-10","endDate":"2026-03-01"}""", "endDate 2026-03-01 is before date 2026-03-10")]
    [InlineData("""{"text":"Sale","date":"2026-01-01","endDate":"2027-06-01"}""", "the range is 517 days; at most 366")]
    [InlineData("""{"text":"Sale","date":"2026-03-10","panel":"sales"}""", "unknown panel 'sales'; valid: revenue, traffic, ads, social, instagram, email, support, or all")]
    [InlineData("""{"text":"Sale","date":"1999-12-31"}""", "date 1999-12-31 is out of range")]
    public async Task Bad_input_is_a_problem_that_names_what_is_valid(string body, string title)
    {
        var admin = await ApiUser.RegisterAsync(app, "notes-bad");

        var response = await admin.Client.PostAsync("api/work/annotations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(title, problem.GetProperty("title").GetString());
        Assert.Empty(await ListAsync(admin, "2020-01-01", "2029-12-31"));
    }

    [Fact]
    public async Task Text_over_200_characters_and_bad_ranges_are_refused()
    {
        var admin = await ApiUser.RegisterAsync(app, "notes-long");

        var tooLong = await admin.Client.PostAsJsonAsync("api/work/annotations", new { text = new string('x', 201), date = "2026-03-10" });
        var longest = await admin.Client.PostAsJsonAsync("api/work/annotations", new { text = new string('x', 200), date = "2026-03-10" });
        var noFrom = await admin.Client.GetAsync("api/work/annotations?to=2026-03-10");
        var backwards = await admin.Client.GetAsync("api/work/annotations?from=2026-03-10&to=2026-03-01");
        var notADay = await admin.Client.GetAsync("api/work/annotations?from=yesterday&to=2026-03-01");
        var badPanel = await admin.Client.GetAsync("api/work/annotations?from=2026-03-01&to=2026-03-10&panel=sales");

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("text is 201 characters; at most 200", await tooLong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
        Assert.All([noFrom, backwards, notADay, badPanel], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Contains("from is missing; give a day as yyyy-MM-dd", await noFrom.Content.ReadAsStringAsync());
        Assert.Contains("to (2026-03-01) is before from (2026-03-10)", await backwards.Content.ReadAsStringAsync());
        Assert.Contains("from 'yesterday' is not a day", await notADay.Content.ReadAsStringAsync());
        Assert.Contains("unknown panel 'sales'", await badPanel.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_workspace_gets_404_members_add_and_change_only_their_own()
    {
        var admin = await ApiUser.RegisterAsync(app, "notes-owner");
        var member = await ApiUser.RegisterAsync(app, "notes-member");
        var stranger = await ApiUser.RegisterAsync(app, "notes-stranger");
        await admin.AddMemberAsync(member, WorkspaceRole.Member);
        await member.Client.PostAsync($"api/work/workspaces/{(await admin.MeAsync()).Workspace.WorkspaceId}/switch", null);
        var body = new { text = "Admin's note", date = "2026-04-01" };
        var adminsNote = (await (await admin.Client.PostAsJsonAsync("api/work/annotations", body)).Content.ReadFromJsonAsync<AnnotationView>(ApiUser.Json))!;

        var strangerGet = await stranger.Client.GetAsync($"api/work/annotations/{adminsNote.Id}");
        var strangerPut = await stranger.Client.PutAsJsonAsync($"api/work/annotations/{adminsNote.Id}", body with { text = "hacked" });
        var strangerDelete = await stranger.Client.DeleteAsync($"api/work/annotations/{adminsNote.Id}");
        var memberCreate = await member.Client.PostAsJsonAsync("api/work/annotations", body with { text = "Member's note" });
        var membersNote = (await memberCreate.Content.ReadFromJsonAsync<AnnotationView>(ApiUser.Json))!;
        var memberPutOwn = await member.Client.PutAsJsonAsync($"api/work/annotations/{membersNote.Id}", body with { text = "Member's note, changed" });
        var memberPutAdmins = await member.Client.PutAsJsonAsync($"api/work/annotations/{adminsNote.Id}", body with { text = "changed by member" });
        var memberDeleteAdmins = await member.Client.DeleteAsync($"api/work/annotations/{adminsNote.Id}");
        var memberSees = await ListAsync(member, "2026-04-01", "2026-04-01");
        var adminDeletesMembers = await admin.Client.DeleteAsync($"api/work/annotations/{membersNote.Id}");

        Assert.All([strangerGet, strangerPut, strangerDelete], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Empty(await ListAsync(stranger, "2026-04-01", "2026-04-01"));
        Assert.Equal(HttpStatusCode.Created, memberCreate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, memberPutOwn.StatusCode);
        Assert.All([memberPutAdmins, memberDeleteAdmins], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Contains(AnnotationService.AuthorOrAdmin, await memberPutAdmins.Content.ReadAsStringAsync());
        Assert.Equal([("Admin's note", false), ("Member's note, changed", true)], memberSees.Select(a => (a.Text, a.CanChange)).Order());
        Assert.Equal(HttpStatusCode.NoContent, adminDeletesMembers.StatusCode);
        Assert.Equal(["Admin's note"], (await ListAsync(admin, "2026-04-01", "2026-04-01")).Select(a => a.Text));
    }

    [Fact]
    public async Task The_routes_are_described_in_OpenAPI()
    {
        using var anonymous = app.CreateAnonymousClient();

        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        Assert.Contains("Add an annotation (any member)", paths.GetProperty("/api/work/annotations").GetProperty("post").GetProperty("summary").GetString());
        Assert.True(paths.GetProperty("/api/work/annotations").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/work/annotations/{id}").TryGetProperty("delete", out _));
        Assert.True(paths.GetProperty("/api/work/annotations/{id}").TryGetProperty("put", out _));
    }

    internal static async Task<List<AnnotationView>> ListAsync(ApiUser user, string from, string to, string more = "") =>
        (await user.Client.GetFromJsonAsync<List<AnnotationView>>($"api/work/annotations?from={from}&to={to}{more}", ApiUser.Json))!;
}
