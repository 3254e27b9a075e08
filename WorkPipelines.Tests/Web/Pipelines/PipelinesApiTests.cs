using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Pipelines;

[Collection(AppCollection.Name)]
public class PipelinesApiTests(WorkAppFactory app)
{
    private static JsonSerializerOptions Json => ApiUser.Json;

    [Fact]
    public async Task Self_test_started_over_the_api_runs_to_success_and_is_listed()
    {
        var admin = await ApiUser.RegisterAsync(app, "runner");

        var started = await StartSelfTestAsync(admin, seconds: 1);
        var finished = await WaitForAsync(admin, started.Id, r => r.Status == PipelineRunStatus.Succeeded);
        var page = await admin.Client.GetFromJsonAsync<RunPage>("api/work/pipelines", Json);

        Assert.Equal(PipelineTrigger.User, finished.Run.Trigger);
        Assert.Equal(100, finished.Run.ProgressPercent);
        Assert.Contains(finished.Log, l => l.Line.Contains("step 2 of 2 done"));
        Assert.Equal(started.Id, Assert.Single(page!.Items).Id);
    }

    [Fact]
    public async Task Failed_run_is_retried_on_request_and_the_retry_is_recorded()
    {
        var admin = await ApiUser.RegisterAsync(app, "retrier");
        var started = await StartSelfTestAsync(admin, seconds: 30);
        await WaitForAsync(admin, started.Id, r => r.Status == PipelineRunStatus.Running);

        var cancel = await admin.Client.PostAsync($"api/work/pipelines/{started.Id}/cancel", null);
        var cancelled = await WaitForAsync(admin, started.Id, r => r.Status == PipelineRunStatus.Cancelled);
        var cancelAgain = await admin.Client.PostAsync($"api/work/pipelines/{started.Id}/cancel", null);
        var retry = await admin.Client.PostAsync($"api/work/pipelines/{started.Id}/retry", null);
        var retried = await admin.Client.GetFromJsonAsync<RunDetail>($"api/work/pipelines/{started.Id}", Json);
        var retryAgain = await admin.Client.PostAsync($"api/work/pipelines/{started.Id}/retry", null);
        await admin.Client.PostAsync($"api/work/pipelines/{started.Id}/cancel", null);
        var activity = await admin.Client.GetStringAsync("api/work/activity");

        Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        Assert.Equal(PipelineErrorKind.Cancelled, cancelled.ErrorKind);
        Assert.Equal(HttpStatusCode.Conflict, cancelAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        Assert.Equal(PipelineTrigger.Retry, retried!.Run.Trigger);
        Assert.True(retried.Run.Status is PipelineRunStatus.Queued or PipelineRunStatus.Running);
        Assert.Equal(HttpStatusCode.Conflict, retryAgain.StatusCode);
        Assert.Contains("only Failed or Cancelled runs can be retried", await retryAgain.Content.ReadAsStringAsync());
        Assert.Contains("run.retried", activity);
        Assert.Contains("run.cancelled", activity);
    }

    [Fact]
    public async Task Members_cannot_start_retry_or_cancel_runs_and_nothing_changes()
    {
        var admin = await ApiUser.RegisterAsync(app, "boss");
        var member = await ApiUser.RegisterAsync(app, "staff");
        await admin.AddMemberAsync(member, WorkspaceRole.Member);
        var workspaceId = (await admin.MeAsync()).Workspace.WorkspaceId;
        await member.Client.PostAsync($"api/work/workspaces/{workspaceId}/switch", null);
        var run = await StartSelfTestAsync(admin, seconds: 30);

        var start = await member.Client.PostAsJsonAsync("api/work/pipelines/self-test", new { seconds = 1 });
        var cancel = await member.Client.PostAsync($"api/work/pipelines/{run.Id}/cancel", null);
        var retryFailed = await member.Client.PostAsync("api/work/pipelines/retry-failed", null);
        var seen = await member.Client.GetFromJsonAsync<RunDetail>($"api/work/pipelines/{run.Id}", Json);

        Assert.All([start, cancel, retryFailed], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.False(seen!.CancelRequested);
        Assert.Single((await member.Client.GetFromJsonAsync<RunPage>("api/work/pipelines", Json))!.Items);
        await admin.Client.PostAsync($"api/work/pipelines/{run.Id}/cancel", null);
    }

    [Fact]
    public async Task Another_workspaces_run_answers_404_everywhere()
    {
        var owner = await ApiUser.RegisterAsync(app, "owner");
        var run = await StartSelfTestAsync(owner, seconds: 0);
        var stranger = await ApiUser.RegisterAsync(app, "stranger");

        var get = await stranger.Client.GetAsync($"api/work/pipelines/{run.Id}");
        var retry = await stranger.Client.PostAsync($"api/work/pipelines/{run.Id}/retry", null);
        var cancel = await stranger.Client.PostAsync($"api/work/pipelines/{run.Id}/cancel", null);
        var list = await stranger.Client.GetFromJsonAsync<RunPage>($"api/work/pipelines?q={run.Id}", Json);

        Assert.All([get, retry, cancel], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Empty(list!.Items);
    }

    [Theory]
    [InlineData("status=Done", "unknown status 'Done'; valid: Queued, Running, Succeeded, Failed, Cancelled")]
    [InlineData("trigger=cron", "unknown trigger 'cron'; valid: User, Schedule, Api, Retry")]
    [InlineData("pageSize=1000", "pageSize must be between 1 and 200")]
    [InlineData("page=0", "page must be 1 or more")]
    [InlineData("from=2026-02-01&to=2026-01-01", "from must be before to")]
    [InlineData("from=yesterday", "")]
    public async Task Bad_list_filters_get_a_problem_naming_what_is_valid(string query, string message)
    {
        var user = await ApiUser.RegisterAsync(app);

        var response = await user.Client.GetAsync($"api/work/pipelines?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"seconds\":601}", "seconds must be between 0 and 600")]
    [InlineData("{\"seconds\":-1}", "seconds must be between 0 and 600")]
    [InlineData("{\"seconds\":5,\"failFirstAttempts\":9}", "failFirstAttempts must be between 0 and 3")]
    [InlineData("{\"seconds\":\"soon\"}", "")]
    public async Task Bad_self_test_requests_are_refused_and_queue_nothing(string body, string message)
    {
        var admin = await ApiUser.RegisterAsync(app);

        var response = await admin.Client.PostAsync("api/work/pipelines/self-test", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Empty((await admin.Client.GetFromJsonAsync<RunPage>("api/work/pipelines", Json))!.Items);
    }

    [Fact]
    public async Task Unknown_run_id_answers_404()
    {
        var user = await ApiUser.RegisterAsync(app);

        var response = await user.Client.GetAsync($"api/work/pipelines/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_user_who_started_a_run_finds_a_notification_when_it_ends()
    {
        var admin = await ApiUser.RegisterAsync(app, "notified");

        var run = await StartSelfTestAsync(admin, seconds: 0);
        await WaitForAsync(admin, run.Id, r => r.Status == PipelineRunStatus.Succeeded);

        var me = await admin.MeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(me.Workspace.WorkspaceId, "", me.UserId, WorkspaceRole.Admin);
        var inbox = scope.ServiceProvider.GetRequiredService<WorkPipelines.Domain.Notifications.NotificationInbox>();
        Assert.Contains(await inbox.LatestAsync(), n => n.Title == "Self-test finished" && n.Link == $"pipelines/{run.Id}");
    }

    [Fact]
    public async Task A_finished_sync_says_in_its_notification_how_many_records_it_brought_in()
    {
        var admin = await ApiUser.RegisterAsync(app, "sync-note");
        await admin.ConnectSandboxAsync("zendesk", historyDays: 3);
        await admin.WaitForIdleAsync();
        var records = (await admin.ConnectorAsync("zendesk")).RecordsSynced;

        var me = await admin.MeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(me.Workspace.WorkspaceId, "", me.UserId, WorkspaceRole.Admin);
        var inbox = scope.ServiceProvider.GetRequiredService<WorkPipelines.Domain.Notifications.NotificationInbox>();
        // The notification is written as the run's end is announced, just after the connection shows idle.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        WorkPipelines.Domain.Notifications.Notification? note;
        while ((note = (await inbox.LatestAsync()).SingleOrDefault(n => n.Title == "Zendesk sync finished")) is null && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        Assert.NotNull(note);
        Assert.True(records > 0);
        Assert.Equal($"Up to date: {records:N0} records brought in", note.Body);
    }

    internal static async Task<RunSummary> StartSelfTestAsync(ApiUser user, int seconds)
    {
        var response = await user.Client.PostAsJsonAsync("api/work/pipelines/self-test", new { seconds });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RunSummary>(Json))!;
    }

    internal static async Task<RunDetail> WaitForAsync(ApiUser user, Guid runId, Func<RunSummary, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var detail = (await user.Client.GetFromJsonAsync<RunDetail>($"api/work/pipelines/{runId}", Json))!;
            if (condition(detail.Run)) return detail;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {runId} is still {detail.Run.Status}: {detail.Run.ErrorMessage}");
            await Task.Delay(100);
        }
    }
}
