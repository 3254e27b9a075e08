using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WorkPipelines.Domain.Digests;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Alerts;

/// <summary><c>/api/work/digests/me</c>: each person's own digest — set, read, preview, stop; what is valid; nobody else's.</summary>
[Collection(AppCollection.Name)]
public class DigestsApiTests(WorkAppFactory app)
{
    [Fact]
    public async Task A_member_sets_reads_previews_and_stops_their_own_digest_and_never_sees_anothers()
    {
        var admin = await ApiUser.RegisterAsync(app, "digest-owner");
        var member = await ApiUser.RegisterAsync(app, "digest-member");
        await admin.AddMemberAsync(member, WorkspaceRole.Member);
        await member.Client.PostAsync($"api/work/workspaces/{(await admin.MeAsync()).Workspace.WorkspaceId}/switch", null);

        var none = await member.Client.GetAsync("api/work/digests/me");
        var saved = await member.Client.PutAsJsonAsync("api/work/digests/me", new { cadence = "weekly", hour = 7, dayOfWeek = "friday", metrics = new[] { "Traffic.Sessions", "cac" } });
        var digest = (await saved.Content.ReadFromJsonAsync<DigestView>(ApiUser.Json))!;
        var adminHas = await admin.Client.GetAsync("api/work/digests/me");
        var preview = await member.Client.GetFromJsonAsync<JsonElement>("api/work/digests/me/preview", ApiUser.Json);
        var stopped = await member.Client.DeleteAsync("api/work/digests/me");
        var stoppedAgain = await member.Client.DeleteAsync("api/work/digests/me");

        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal((DigestCadence.Weekly, 7, DayOfWeek.Friday, "Every Friday at 07:00", true), (digest.Cadence, digest.Hour, digest.DayOfWeek, digest.Schedule, digest.ByEmail));
        Assert.Equal(["traffic.sessions", "cac"], digest.Metrics);
        Assert.Equal(DayOfWeek.Friday, digest.NextDueUtc.DayOfWeek); // UTC workspace: 07:00 on a Friday
        Assert.True(digest.NextDueUtc > DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.NotFound, adminHas.StatusCode); // the member's digest is theirs alone
        var text = preview.GetProperty("text").GetString()!;
        Assert.StartsWith("Weekly scorecard for ", text);
        Assert.Contains("• Traffic: Sessions: Connect Google Analytics 4 to measure sessions.", text);
        Assert.Equal(HttpStatusCode.NoContent, stopped.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, stoppedAgain.StatusCode);
    }

    [Theory]
    [InlineData("""{"cadence":"hourly","hour":7}""", "unknown cadence 'hourly'; valid: daily, weekly")]
    [InlineData("""{"cadence":"daily","hour":24}""", "hour is 24; give the local hour to send at, 0 to 23")]
    [InlineData("""{"cadence":"daily"}""", "hour is missing")]
    [InlineData("""{"cadence":"weekly","hour":7,"dayOfWeek":"someday"}""", "unknown dayOfWeek 'someday'")]
    [InlineData("""{"cadence":"daily","hour":7,"metrics":["visits"]}""", "unknown metric 'visits'; valid: revenue")]
    [InlineData("""{"cadence":"daily","hour":7,"byEmail":false}""", "the digest would go nowhere")]
    [InlineData("""{"cadence":"daily","hour":7,"slackWebhookUrl":"ftp://example.com/hook"}""", "slackWebhookUrl: only http and https are allowed")]
    [InlineData("""{"cadence":"daily","hour":7,"slackWebhookUrl":"http://localhost/hook"}""", "slackWebhookUrl: localhost is a loopback address")]
    public async Task Bad_input_is_a_problem_that_names_what_is_valid(string body, string title)
    {
        var user = await ApiUser.RegisterAsync(app, "digest-bad");

        var response = await user.Client.PutAsync("api/work/digests/me", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(title, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync("api/work/digests/me")).StatusCode);
    }
}

/// <summary>Every digests API test, on PostgreSQL.</summary>
[Collection(PostgresAppCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresDigestsApiTests(PostgresWorkAppFactory app) : DigestsApiTests(app);
