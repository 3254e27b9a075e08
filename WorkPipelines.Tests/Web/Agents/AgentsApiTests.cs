using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Agents;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Tests.Web.Pipelines;

namespace WorkPipelines.Tests.Web.Agents;

[Collection(AppCollection.Name)]
public sealed class AgentsApiTests(WorkAppFactory app)
{
    [Fact]
    public async Task Agents_count_their_runs_successes_and_records_in_the_period()
    {
        var admin = await ApiUser.RegisterAsync(app, "agents");
        await admin.ConnectSandboxAsync("stripe", historyDays: 5);
        await admin.WaitForIdleAsync();
        await admin.SyncAndWaitAsync("stripe");
        var selfTest = await PipelinesApiTests.StartSelfTestAsync(admin, seconds: 0);
        await PipelinesApiTests.WaitForAsync(admin, selfTest.Id, r => r.Status == PipelineRunStatus.Succeeded);
        // A run the scheduler started: it counts with its own agent and with the scheduler.
        var me = await admin.MeAsync();
        EnqueuedRun scheduled;
        await using (var scope = app.Services.CreateAsyncScope())
            scheduled = await scope.ServiceProvider.GetRequiredService<RunQueue>().EnqueueAsync(
                new PipelineRequest(me.Workspace.WorkspaceId, "diagnostics.self-test") { Trigger = PipelineTrigger.Schedule, Payload = new { seconds = 0 } });
        await PipelinesApiTests.WaitForAsync(admin, scheduled.Run.Id, r => r.Status == PipelineRunStatus.Succeeded);

        var report = (await admin.Client.GetFromJsonAsync<AgentsReport>("api/work/agents?period=7d", ApiUser.Json))!;
        var stripe = report.Agents.Single(a => a.Key == "sync:stripe");
        var records = await app.InWorkspaceAsync(admin, db => db.SourceRecords.LongCountAsync());

        Assert.Equal(2, stripe.Runs);
        Assert.Equal(1.0, stripe.SuccessRate);
        Assert.Equal(records, stripe.RecordsProcessed);
        Assert.Equal(2, stripe.RunsPerDay.Sum());
        Assert.Equal(PipelineRunStatus.Succeeded, stripe.LastStatus);
        Assert.Equal(2, report.Agents.Single(a => a.Key == "diagnostics.self-test").Runs);
        Assert.Null(report.Agents.Single(a => a.Key == "diagnostics.self-test").RecordsProcessed); // writes no records
        var scheduler = report.Agents.Single(a => a.Key == AgentStatsQuery.Scheduler);
        Assert.True(scheduler.StartsOthers);
        Assert.Equal(1, scheduler.Runs); // the connect's first sync and "sync now" were the user's, not the scheduler's
        Assert.Equal(1.0, scheduler.SuccessRate);
        Assert.Equal(0, report.Agents.Single(a => a.Key == "sync:zendesk").Runs); // idle agents are listed too
        Assert.Equal(7, report.Days.Count);
    }

    [Fact]
    public async Task Bad_period_gets_a_problem()
    {
        var user = await ApiUser.RegisterAsync(app);

        var response = await user.Client.GetAsync("api/work/agents?period=fortnight");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("valid: 7d, 30d", await response.Content.ReadAsStringAsync());
    }
}
