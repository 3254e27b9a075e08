using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Alerts;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Alerts;

/// <summary><c>/api/work/alerts</c>: add, read, change, mute, snooze, test and delete rules; who may; what is valid; other workspaces.</summary>
[Collection(AppCollection.Name)]
public class AlertsApiTests(WorkAppFactory app)
{
    private static readonly object CacRule = new
    {
        name = "CAC too high", metric = "cac", condition = "threshold", direction = "above", value = 90, days = 3,
        emailRecipients = new[] { "owner@example.test" }, webhookUrl = "https://hooks.slack.com/services/T0/B0/x", webhookFormat = "slack",
    };

    [Fact]
    public async Task An_admin_adds_reads_changes_silences_and_deletes_a_rule()
    {
        var admin = await ApiUser.RegisterAsync(app, "alerts");

        var created = await admin.Client.PostAsJsonAsync("api/work/alerts", CacRule);
        var rule = (await created.Content.ReadFromJsonAsync<AlertRuleView>(ApiUser.Json))!;
        var listed = await ListAsync(admin);
        var changed = await admin.Client.PutAsJsonAsync($"api/work/alerts/{rule.Id}",
            new { name = "Traffic drop", metric = "traffic.sessions", condition = "change", direction = "below", value = 25, days = 7 });
        var afterChange = (await changed.Content.ReadFromJsonAsync<AlertRuleView>(ApiUser.Json))!;
        var muted = await admin.Client.PutAsJsonAsync($"api/work/alerts/{rule.Id}/silence", new { muted = true });
        var snoozed = await admin.Client.PutAsJsonAsync($"api/work/alerts/{rule.Id}/silence", new { snoozedUntil = DateTimeOffset.UtcNow.AddDays(2) });
        var details = await admin.Client.GetFromJsonAsync<JsonElement>($"api/work/alerts/{rule.Id}", ApiUser.Json);
        var deleted = await admin.Client.DeleteAsync($"api/work/alerts/{rule.Id}");
        var gone = await admin.Client.GetAsync($"api/work/alerts/{rule.Id}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/work/alerts/{rule.Id}", created.Headers.Location?.OriginalString);
        Assert.Equal(("CAC", AlertCondition.Threshold, AlertDirection.Above, 90.0, 3), (rule.MetricLabel, rule.Condition, rule.Direction, rule.Value, rule.Days));
        Assert.Equal("Above 90.00 for 3 days in a row", rule.Description);
        Assert.Equal(("https://hooks.slack.com/services/T0/B0/x", true, true), (rule.WebhookUrl, rule.HasWebhook, rule.NotifyBell));
        Assert.Equal(rule.Id, Assert.Single(listed).Id);
        Assert.Equal(("Traffic: Sessions", "Falls 25 % or more over 7 days against the 7 before"), (afterChange.MetricLabel, afterChange.Description));
        Assert.True((await muted.Content.ReadFromJsonAsync<AlertRuleView>(ApiUser.Json))!.Muted);
        var afterSnooze = (await snoozed.Content.ReadFromJsonAsync<AlertRuleView>(ApiUser.Json))!;
        Assert.Equal((false, true), (afterSnooze.Muted, afterSnooze.SnoozedUntil is not null));
        Assert.Equal(0, details.GetProperty("history").GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Empty(await ListAsync(admin));
    }

    [Theory]
    [InlineData("""{"name":"x","metric":"visits","condition":"threshold","value":1}""", "unknown metric 'visits'; valid: revenue, ad_spend")]
    [InlineData("""{"name":"x","metric":"cac","condition":"spike","value":1}""", "unknown condition 'spike'; valid: threshold, change, anomaly")]
    [InlineData("""{"name":"x","metric":"cac","condition":"threshold","direction":"either","value":1}""", "a threshold is crossed from one side")]
    [InlineData("""{"name":"x","metric":"cac","condition":"threshold"}""", "value is missing; give the threshold in the metric's unit")]
    [InlineData("""{"name":"x","metric":"cac","condition":"threshold","value":1,"days":31}""", "days is 31; a threshold holds for 1 to 30 days in a row")]
    [InlineData("""{"name":"x","metric":"cac","condition":"change","value":0}""", "value is the change in percent that fires the rule")]
    [InlineData("""{"name":"x","metric":"cac","condition":"anomaly","sensitivity":"extreme"}""", "unknown sensitivity 'extreme'; valid: low, medium, high")]
    [InlineData("""{"name":"","metric":"cac","condition":"anomaly"}""", "name is missing")]
    [InlineData("""{"name":"x","metric":"cac","condition":"anomaly","emailRecipients":["not-an-address"]}""", "'not-an-address' is not an email address")]
    [InlineData("""{"name":"x","metric":"cac","condition":"anomaly","webhookUrl":"http://localhost:8080/hook"}""", "webhookUrl: localhost is a loopback address")]
    [InlineData("""{"name":"x","metric":"cac","condition":"anomaly","webhookUrl":"ftp://example.com/hook"}""", "webhookUrl: only http and https are allowed")]
    [InlineData("""{"name":"x","metric":"cac","condition":"anomaly","webhookUrl":"https://example.com/h","webhookFormat":"discord"}""", "unknown webhookFormat 'discord'; valid: slack, teams, json")]
    [InlineData("""{"name":"x","metric":"cac","condition":"anomaly","notifyBell":false}""", "the rule would tell no one")]
    public async Task Bad_input_is_a_problem_that_names_what_is_valid_and_stores_nothing(string body, string title)
    {
        var admin = await ApiUser.RegisterAsync(app, "alerts-bad");

        var response = await admin.Client.PostAsync("api/work/alerts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(title, problem.GetProperty("title").GetString());
        Assert.Empty(await ListAsync(admin));
    }

    [Fact]
    public async Task Another_workspaces_rule_answers_404_and_members_read_without_the_webhook_but_cannot_change()
    {
        var admin = await ApiUser.RegisterAsync(app, "alerts-owner");
        var member = await ApiUser.RegisterAsync(app, "alerts-member");
        var stranger = await ApiUser.RegisterAsync(app, "alerts-stranger");
        await admin.AddMemberAsync(member, WorkspaceRole.Member);
        await member.Client.PostAsync($"api/work/workspaces/{(await admin.MeAsync()).Workspace.WorkspaceId}/switch", null);
        var rule = (await (await admin.Client.PostAsJsonAsync("api/work/alerts", CacRule)).Content.ReadFromJsonAsync<AlertRuleView>(ApiUser.Json))!;
        var url = $"api/work/alerts/{rule.Id}";

        HttpResponseMessage[] strangers =
        [
            await stranger.Client.GetAsync(url), await stranger.Client.PutAsJsonAsync(url, CacRule), await stranger.Client.DeleteAsync(url),
            await stranger.Client.PutAsJsonAsync($"{url}/silence", new { muted = true }), await stranger.Client.PostAsync($"{url}/test", null),
        ];
        HttpResponseMessage[] members =
        [
            await member.Client.PostAsJsonAsync("api/work/alerts", CacRule), await member.Client.PutAsJsonAsync(url, CacRule), await member.Client.DeleteAsync(url),
            await member.Client.PutAsJsonAsync($"{url}/silence", new { muted = true }), await member.Client.PostAsync($"{url}/test", null),
        ];

        Assert.All(strangers, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Empty(await ListAsync(stranger));
        Assert.All(members, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Contains("Only workspace admins can change alerts.", await members[1].Content.ReadAsStringAsync());
        var seen = Assert.Single(await ListAsync(member));
        Assert.Equal((null, true, false), (seen.WebhookUrl, seen.HasWebhook, seen.Muted));
    }

    [Fact]
    public async Task A_test_send_rings_the_bell_and_says_why_a_webhook_was_refused()
    {
        var admin = await ApiUser.RegisterAsync(app, "alerts-test");
        // A public-looking name that resolves nowhere here; the outbound policy refuses internal addresses before any request.
        var bell = (await (await admin.Client.PostAsJsonAsync("api/work/alerts", new { name = "Bell only", metric = "cac", condition = "anomaly" }))
            .Content.ReadFromJsonAsync<AlertRuleView>(ApiUser.Json))!;
        var hook = (await (await admin.Client.PostAsJsonAsync("api/work/alerts", new { name = "To an internal address", metric = "cac", condition = "anomaly", notifyBell = false, webhookUrl = "http://10.0.0.7/hook" }))
            .Content.ReadFromJsonAsync<AlertRuleView>(ApiUser.Json))!;

        var bellTest = (await (await admin.Client.PostAsync($"api/work/alerts/{bell.Id}/test", null)).Content.ReadFromJsonAsync<AlertTestResult>(ApiUser.Json))!;
        var hookTest = (await (await admin.Client.PostAsync($"api/work/alerts/{hook.Id}/test", null)).Content.ReadFromJsonAsync<AlertTestResult>(ApiUser.Json))!;

        Assert.Equal(["bell"], bellTest.Channels);
        Assert.Null(bellTest.Problem);
        Assert.Equal(["webhook"], hookTest.Channels);
        Assert.Contains("refused by the outbound policy", hookTest.Problem);
        var notes = await app.InWorkspaceAsync(admin, db => db.Notifications.Where(n => n.Title == "Alert: Bell only").ToListAsync());
        Assert.Contains("This is a test of the alert \"Bell only\"", Assert.Single(notes).Body);
        var history = await admin.Client.GetFromJsonAsync<List<AlertFiringView>>("api/work/alerts/history", ApiUser.Json);
        Assert.Empty(history!); // a test is not a firing
    }

    [Fact]
    public async Task The_routes_are_described_in_OpenAPI()
    {
        using var anonymous = app.CreateAnonymousClient();
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        Assert.Contains("Add a rule (admins)", paths.GetProperty("/api/work/alerts").GetProperty("post").GetProperty("summary").GetString());
        Assert.True(paths.GetProperty("/api/work/alerts/{id}/silence").TryGetProperty("put", out _));
        Assert.True(paths.GetProperty("/api/work/alerts/{id}/test").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/work/alerts/history").TryGetProperty("get", out _));
    }

    private static async Task<List<AlertRuleView>> ListAsync(ApiUser user) =>
        (await user.Client.GetFromJsonAsync<List<AlertRuleView>>("api/work/alerts", ApiUser.Json))!;
}

/// <summary>Every alerts API test, on PostgreSQL.</summary>
[Collection(PostgresAppCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresAlertsApiTests(PostgresWorkAppFactory app) : AlertsApiTests(app);
