using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Goals;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Goals;

/// <summary><c>/api/work/goals</c>: set, read with progress and history, change and delete; who may; what is valid; other workspaces.</summary>
[Collection(AppCollection.Name)]
public class GoalsApiTests(WorkAppFactory app)
{
    [Fact]
    public async Task An_admin_sets_a_goal_reads_its_progress_and_history_changes_and_deletes_it()
    {
        var admin = await ApiUser.RegisterAsync(app, "goals");
        // Sessions today and in the month before last's first day (dates in the workspace's zone, UTC here).
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        await SeedSessionsAsync(admin, (today, 5000), (thisMonth.AddMonths(-2), 80));

        var created = await admin.Client.PostAsJsonAsync("api/work/goals", new { metric = "traffic.sessions", target = 100, cadence = "month" });
        var goal = (await created.Content.ReadFromJsonAsync<GoalView>(ApiUser.Json))!;
        var list = await ListAsync(admin);
        var one = (await admin.Client.GetFromJsonAsync<GoalView>($"api/work/goals/{goal.Id}", ApiUser.Json))!;
        var changed = await admin.Client.PutAsJsonAsync($"api/work/goals/{goal.Id}", new { metric = "traffic.sessions", target = 60, cadence = "month" });
        var afterChange = (await admin.Client.GetFromJsonAsync<GoalView>($"api/work/goals/{goal.Id}", ApiUser.Json))!;
        var deleted = await admin.Client.DeleteAsync($"api/work/goals/{goal.Id}");
        var gone = await admin.Client.GetAsync($"api/work/goals/{goal.Id}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/work/goals/{goal.Id}", created.Headers.Location?.OriginalString);
        Assert.Equal(("Sessions", "Traffic", GoalDirection.AtLeast, GoalCadence.Month), (goal.MetricLabel, goal.MetricGroup, goal.Direction, goal.Cadence));
        var listed = Assert.Single(list);
        Assert.Equal((5000.0, 50.0, GoalPace.Ahead), (listed.Progress.Value, listed.Progress.Share, listed.Progress.Pace));
        Assert.Contains("5000 % of the monthly goal", listed.Progress.Sentence);
        Assert.Empty(listed.History); // the list leaves history out; one goal has it
        Assert.Equal(6, one.History.Count);
        Assert.Equal((80.0, false), (one.History[^2].Value, one.History[^2].Met));
        Assert.Null(one.History[^1].Value); // last month had no data
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.True(afterChange.History[^2].Met); // 80 against the new target of 60
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Empty(await ListAsync(admin));
    }

    [Theory]
    [InlineData("""{"metric":"visits","target":10,"cadence":"month"}""", "unknown metric 'visits'; valid: revenue, ad_spend, mer, customers, cac, revenue.gross")]
    [InlineData("""{"metric":"traffic.sessions","target":10,"cadence":"week"}""", "unknown cadence 'week'; valid: month, quarter")]
    [InlineData("""{"metric":"traffic.sessions","target":0,"cadence":"month"}""", "target 0 is not possible; give a number greater than 0")]
    [InlineData("""{"metric":"traffic.sessions","cadence":"month"}""", "target is missing; give a number greater than 0 in the metric's unit")]
    [InlineData("""{"metric":"cac","target":50,"cadence":"month","direction":"under"}""", "unknown direction 'under'; valid: at_least, at_most")]
    public async Task Bad_input_is_a_problem_that_names_what_is_valid(string body, string title)
    {
        var admin = await ApiUser.RegisterAsync(app, "goals-bad");

        var response = await admin.Client.PostAsync("api/work/goals", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(title, problem.GetProperty("title").GetString());
        Assert.Empty(await ListAsync(admin));
    }

    [Fact]
    public async Task A_second_goal_on_the_same_metric_and_cadence_is_a_conflict_but_a_quarterly_one_is_not()
    {
        var admin = await ApiUser.RegisterAsync(app, "goals-twice");
        await admin.Client.PostAsJsonAsync("api/work/goals", new { metric = "cac", target = 90, cadence = "month" });

        var again = await admin.Client.PostAsJsonAsync("api/work/goals", new { metric = "CAC", target = 80, cadence = "monthly" });
        var quarterly = await admin.Client.PostAsJsonAsync("api/work/goals", new { metric = "cac", target = 80, cadence = "quarter" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("there is a monthly goal for CAC (Combined) already", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, quarterly.StatusCode);
        Assert.All(await ListAsync(admin), g => Assert.Equal(GoalDirection.AtMost, g.Direction));
    }

    [Fact]
    public async Task Another_workspaces_goal_answers_404_and_members_read_but_get_403_for_changes()
    {
        var admin = await ApiUser.RegisterAsync(app, "goals-owner");
        var member = await ApiUser.RegisterAsync(app, "goals-member");
        var stranger = await ApiUser.RegisterAsync(app, "goals-stranger");
        await admin.AddMemberAsync(member, WorkspaceRole.Member);
        await member.Client.PostAsync($"api/work/workspaces/{(await admin.MeAsync()).Workspace.WorkspaceId}/switch", null);
        var body = new { metric = "revenue", target = 10000, cadence = "quarter" };
        var goal = (await (await admin.Client.PostAsJsonAsync("api/work/goals", body)).Content.ReadFromJsonAsync<GoalView>(ApiUser.Json))!;

        var strangerGet = await stranger.Client.GetAsync($"api/work/goals/{goal.Id}");
        var strangerPut = await stranger.Client.PutAsJsonAsync($"api/work/goals/{goal.Id}", body);
        var strangerDelete = await stranger.Client.DeleteAsync($"api/work/goals/{goal.Id}");
        var memberCreate = await member.Client.PostAsJsonAsync("api/work/goals", body with { cadence = "month" });
        var memberPut = await member.Client.PutAsJsonAsync($"api/work/goals/{goal.Id}", body with { target = 1 });
        var memberDelete = await member.Client.DeleteAsync($"api/work/goals/{goal.Id}");

        Assert.All([strangerGet, strangerPut, strangerDelete], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Empty(await ListAsync(stranger));
        Assert.All([memberCreate, memberPut, memberDelete], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Contains("Only workspace admins can change goals.", await memberPut.Content.ReadAsStringAsync());
        var seen = Assert.Single(await ListAsync(member));
        Assert.Equal((10000.0, "USD"), (seen.Target, seen.Currency));
        Assert.Equal("Connect Stripe or Shopify to measure revenue.", seen.Progress.Note);
    }

    [Fact]
    public async Task The_metrics_and_routes_are_described_in_OpenAPI()
    {
        var admin = await ApiUser.RegisterAsync(app, "goals-openapi");
        using var anonymous = app.CreateAnonymousClient();

        var metrics = (await admin.Client.GetFromJsonAsync<List<GoalMetricView>>("api/work/goals/metrics", ApiUser.Json))!;
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        Assert.Equal(MetricCatalogue.All.Count, metrics.Count);
        Assert.False(metrics.Single(m => m.Key == "support.first_reply").HigherIsBetter);
        Assert.Contains("Set a goal (admins)", paths.GetProperty("/api/work/goals").GetProperty("post").GetProperty("summary").GetString());
        Assert.True(paths.GetProperty("/api/work/goals/{id}").TryGetProperty("delete", out _));
    }

    private static async Task<List<GoalView>> ListAsync(ApiUser user) =>
        (await user.Client.GetFromJsonAsync<List<GoalView>>("api/work/goals", ApiUser.Json))!;

    private async Task SeedSessionsAsync(ApiUser admin, params (DateOnly Date, double Sessions)[] days)
    {
        var workspace = (await admin.MeAsync()).Workspace.WorkspaceId;
        await app.InWorkspaceAsync(admin, db =>
        {
            db.Connections.Add(new Connection
            {
                WorkspaceId = workspace, Provider = "ga4", ProtectedCredentials = "-", BaseUrl = "https://example.invalid/",
                Status = ConnectionStatus.Healthy, LastSuccessAt = DateTimeOffset.UtcNow,
            });
            foreach (var (date, sessions) in days)
                db.DailyMetrics.Add(new DailyMetric { WorkspaceId = workspace, Source = "ga4", Metric = "traffic.sessions", Date = date, Value = sessions });
            return db.SaveChangesAsync();
        });
    }
}
