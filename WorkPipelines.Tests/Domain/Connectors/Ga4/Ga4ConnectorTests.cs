using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Connectors.Ga4;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Sandbox;
using WorkPipelines.Sandbox.Ga4;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Ga4;

[Collection(AppCollection.Name)]
public sealed class Ga4ConnectorTests(WorkAppFactory app)
{
    [Fact]
    public async Task Ga4_sandbox_syncs_channels_and_pages_exactly_and_a_rerun_adds_no_duplicates()
    {
        var admin = await ApiUser.RegisterAsync(app, "ga4");
        await admin.ConnectSandboxAsync("ga4", historyDays: 20);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "ga4");
        var expected = Expected(account);

        var first = await CountsAsync(admin);
        var rerun = await admin.SyncAndWaitAsync("ga4");
        var second = await CountsAsync(admin);
        var sessions = await TotalAsync(admin, "traffic.sessions");
        var channelViews = await TotalAsync(admin, "traffic.pageviews");
        var pageViews = await TotalAsync(admin, "pages.views");
        var organic = await app.InWorkspaceAsync(admin, db => db.DailyMetrics.Where(m => m.Metric == "traffic.sessions" && m.Dimension == "Organic Search").SumAsync(m => m.Value));
        var connector = await admin.ConnectorAsync("ga4");

        Assert.True(expected.Counts["pages"] > WorkAppFactory.Ga4RowsPerRequest, "the pages report should take more than one page");
        Assert.Equal(PipelineRunStatus.Succeeded, rerun.Run.Status);
        Assert.Equal(expected.Counts, first);
        Assert.Equal(first, second);
        Assert.Equal(expected.Sessions, sessions);
        Assert.Equal(expected.OrganicSessions, organic);
        Assert.Equal(expected.PageViews, channelViews);
        Assert.Equal(expected.PageViews, pageViews); // the page stream's views did not land on traffic.pageviews too
        Assert.Equal("Healthy", connector.State);
        Assert.Equal(expected.Counts.Values.Sum(), connector.RecordsSynced);
    }

    [Fact]
    public void Reports_ask_for_the_data_apis_default_of_ten_thousand_rows_a_request_unless_configured()
    {
        Assert.All(new Ga4Connector().Streams, s => Assert.Equal(10_000, ((Ga4ReportStream)s).RowsPerRequest));
        var configured = new Ga4Connector(Microsoft.Extensions.Options.Options.Create(new WorkPipelines.Domain.Connectors.Sync.ConnectorOptions { Ga4RowsPerRequest = 250_000 }));
        Assert.All(configured.Streams, s => Assert.Equal(250_000, ((Ga4ReportStream)s).RowsPerRequest));
    }

    [Fact]
    public async Task A_ga4_sync_failing_at_page_k_resumes_from_its_checkpoint_without_duplicates()
    {
        var admin = await ApiUser.RegisterAsync(app, "ga4resume");
        await admin.ConnectSandboxAsync("ga4", historyDays: 30);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "ga4");
        await app.InWorkspaceAsync(admin, async db =>
        {
            await db.SourceRecords.ExecuteDeleteAsync();
            return await db.StreamCheckpoints.ExecuteDeleteAsync();
        });
        // Request 1 is the channels report, 2 the first page of pages: the second page of pages fails for a while.
        await admin.SetFaultsAsync("ga4", new { failAfterRequests = 2, failNextRequests = 8 });

        var run = await admin.SyncAndWaitAsync("ga4");
        var counts = await CountsAsync(admin);

        Assert.True(run.Run.Status == PipelineRunStatus.Succeeded, $"{run.Run.Status} at attempt {run.Run.Attempt}: {run.Run.ErrorMessage}");
        Assert.True(run.Run.Attempt > 1, $"expected a retried run, got attempt {run.Run.Attempt}");
        Assert.Equal(Expected(account).Counts, counts);
    }

    [Fact]
    public async Task A_deleted_ga4_service_account_key_marks_the_connection_needs_reconnect_and_fails_at_once()
    {
        var admin = await ApiUser.RegisterAsync(app, "ga4expired");
        await admin.ConnectSandboxAsync("ga4", historyDays: 3);
        await admin.WaitForIdleAsync();
        await admin.SetFaultsAsync("ga4", new { tokenExpired = true });

        var run = await admin.SyncAndWaitAsync("ga4");
        var connector = await admin.ConnectorAsync("ga4");

        ConnectorTestSteps.AssertFailedAtOnceNeedingReconnect(run, connector);
        Assert.Contains("Google refused the service account key (invalid_grant", run.Run.ErrorMessage);
    }

    [Fact]
    public async Task Ga4_rate_limits_and_errors_are_absorbed_and_the_counts_stay_exact()
    {
        var admin = await ApiUser.RegisterAsync(app, "ga4storm");
        await admin.ConnectSandboxAsync("ga4", historyDays: 15);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "ga4");
        await app.InWorkspaceAsync(admin, async db =>
        {
            await db.SourceRecords.ExecuteDeleteAsync();
            return await db.StreamCheckpoints.ExecuteDeleteAsync();
        });
        await admin.SetFaultsAsync("ga4", new { errorRate = 0.2, rateLimitRate = 0.2 });

        var run = await admin.SyncAndWaitAsync("ga4");
        var counts = await CountsAsync(admin);

        Assert.True(run.Run.Status == PipelineRunStatus.Succeeded, $"{run.Run.Status} at attempt {run.Run.Attempt}: {run.Run.ErrorMessage}");
        Assert.Equal(Expected(account).Counts, counts);
    }

    private Task<Dictionary<string, int>> CountsAsync(ApiUser admin) =>
        app.InWorkspaceAsync(admin, db => db.SourceRecords.GroupBy(r => r.Stream).ToDictionaryAsync(g => g.Key, g => g.Count()));

    private Task<double> TotalAsync(ApiUser admin, string metric) =>
        app.InWorkspaceAsync(admin, db => db.DailyMetrics.Where(m => m.Metric == metric && m.Dimension == "").SumAsync(m => m.Value));

    internal static (Dictionary<string, int> Counts, double Sessions, double OrganicSessions, double PageViews) Expected(SandboxAccount account)
    {
        var days = SandboxData.Days(account, DateOnly.FromDateTime(DateTime.UtcNow)).ToList();
        var channels = days.SelectMany(d => Ga4SandboxData.Channels(account, d)).ToList();
        var pages = days.SelectMany(d => Ga4SandboxData.Pages(account, d)).ToList();
        return (new Dictionary<string, int> { ["channels"] = channels.Count, ["pages"] = pages.Count },
            channels.Sum(c => c.Sessions), channels.Where(c => c.Channel == "Organic Search").Sum(c => c.Sessions), pages.Sum(p => p.ScreenPageViews));
    }
}
