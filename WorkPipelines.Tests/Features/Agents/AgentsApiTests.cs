using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Tests.Connectors;
using WorkPipelines.Tests.Features.Pipelines;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Features.Agents;

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

        var report = (await admin.Client.GetFromJsonAsync<AgentsReport>("api/work/agents?period=7d", ApiUser.Json))!;
        var stripe = report.Agents.Single(a => a.Key == "sync:stripe");
        var records = await app.InWorkspaceAsync(admin, db => db.SourceRecords.LongCountAsync());

        Assert.Equal(2, stripe.Runs);
        Assert.Equal(1.0, stripe.SuccessRate);
        Assert.Equal(records, stripe.RecordsProcessed);
        Assert.Equal(2, stripe.RunsPerDay.Sum());
        Assert.Equal(PipelineRunStatus.Succeeded, stripe.LastStatus);
        Assert.Equal(1, report.Agents.Single(a => a.Key == "diagnostics.self-test").Runs);
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
