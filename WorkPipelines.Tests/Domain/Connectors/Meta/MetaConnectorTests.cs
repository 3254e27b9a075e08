using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.Meta;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Sandbox;
using WorkPipelines.Sandbox.Meta;
using WorkPipelines.Tests.Domain.Connectors.Graph;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Meta;

[Collection(GraphConnectorsCollection.Name)]
public sealed class MetaConnectorTests(GraphConnectorsApp app)
{
    [Fact]
    public async Task Meta_sandbox_syncs_campaign_days_exactly_and_a_rerun_adds_no_duplicates()
    {
        var admin = await ApiUser.RegisterAsync(app, "meta");
        await admin.ConnectSandboxAsync("meta", historyDays: 30);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "meta");
        var expected = Expected(account);

        var first = await CountsAsync(admin);
        var rerun = await admin.SyncAndWaitAsync("meta");
        var second = await CountsAsync(admin);
        var spend = await MetricAsync(admin, "ads.spend");
        var conversions = await MetricAsync(admin, "ads.conversions");
        var value = await MetricAsync(admin, "ads.purchase_value");
        var topCampaign = expected.Rows.GroupBy(r => r.Campaign.Name).OrderByDescending(g => g.Sum(r => r.Clicks)).First();
        var topClicks = await app.InWorkspaceAsync(admin, db => db.DailyMetrics
            .Where(m => m.Metric == "ads.clicks" && m.Dimension == topCampaign.Key).SumAsync(m => m.Value));
        var connector = await admin.ConnectorAsync("meta");

        Assert.Equal(PipelineRunStatus.Succeeded, rerun.Run.Status);
        Assert.Equal(expected.Counts, first);
        Assert.Equal(first, second);
        Assert.Equal((double)expected.Rows.Sum(r => r.Spend), spend, tolerance: 0.01);
        // Each purchase is reported under three overlapping action types; it must count once.
        Assert.Equal(expected.Rows.Sum(r => r.Purchases), conversions);
        Assert.Equal((double)expected.Rows.Sum(r => r.PurchaseValue), value, tolerance: 0.01);
        Assert.Equal(topCampaign.Sum(r => r.Clicks), topClicks);
        Assert.Equal("Healthy", connector.State);
        // Spend is in the ad account's currency: each campaign-day says which, so the Ads panel shows it and ROAS never mixes.
        Assert.Equal(expected.Rows.Count, await MetricAsync(admin, "currency." + MetaSandbox.Currency.ToLowerInvariant()));
    }

    [Fact]
    public async Task A_meta_sync_failing_at_page_k_resumes_from_its_checkpoint_without_duplicates()
    {
        var admin = await ApiUser.RegisterAsync(app, "meta-resume");
        await admin.ConnectSandboxAsync("meta", historyDays: 30);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "meta");
        await app.InWorkspaceAsync(admin, async db =>
        {
            await db.SourceRecords.ExecuteDeleteAsync();
            return await db.StreamCheckpoints.ExecuteDeleteAsync();
        });
        // The first windows of the 37-month lookback are empty; fail right after the first one with rows.
        await admin.SetFaultsAsync("meta", new { failAfterRequests = WindowsBeforeData(account) + 1, failNextRequests = 8 });

        var run = await admin.SyncAndWaitAsync("meta");
        var counts = await CountsAsync(admin);

        Assert.True(run.Run.Status == PipelineRunStatus.Succeeded, $"{run.Run.Status} at attempt {run.Run.Attempt}: {run.Run.ErrorMessage}");
        Assert.True(run.Run.Attempt > 1, $"expected a retried run, got attempt {run.Run.Attempt}");
        Assert.Equal(Expected(account).Counts, counts);
    }

    [Fact]
    public async Task An_expired_meta_token_marks_the_connection_needs_reconnect_and_fails_at_once()
    {
        var admin = await ApiUser.RegisterAsync(app, "meta-expired");
        await admin.ConnectSandboxAsync("meta", historyDays: 3);
        await admin.WaitForIdleAsync();
        await admin.SetFaultsAsync("meta", new { tokenExpired = true });

        var run = await admin.SyncAndWaitAsync("meta");
        var connector = await admin.ConnectorAsync("meta");

        ConnectorTestSteps.AssertFailedAtOnceNeedingReconnect(run, connector);
        Assert.Contains("190/463", run.Run.ErrorMessage);
    }

    [Fact]
    public async Task Meta_rate_limits_and_errors_are_absorbed_and_the_counts_stay_exact()
    {
        var admin = await ApiUser.RegisterAsync(app, "meta-storm");
        await admin.ConnectSandboxAsync("meta", historyDays: 15);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "meta");
        await app.InWorkspaceAsync(admin, db => db.StreamCheckpoints.ExecuteDeleteAsync());
        await admin.SetFaultsAsync("meta", new { errorRate = 0.2, rateLimitRate = 0.2 });

        var run = await admin.SyncAndWaitAsync("meta");
        var counts = await CountsAsync(admin);

        Assert.True(run.Run.Status == PipelineRunStatus.Succeeded, $"{run.Run.Status} at attempt {run.Run.Attempt}: {run.Run.ErrorMessage}");
        Assert.Equal(Expected(account).Counts, counts);
    }

    [Fact]
    public async Task A_long_meta_history_is_read_in_shorter_ranges_when_meta_asks_for_less_data()
    {
        var admin = await ApiUser.RegisterAsync(app, "meta-split");
        await admin.ConnectSandboxAsync("meta", historyDays: 200);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "meta");
        await app.InWorkspaceAsync(admin, async db =>
        {
            await db.SourceRecords.ExecuteDeleteAsync();
            return await db.StreamCheckpoints.ExecuteDeleteAsync();
        });

        var run = await admin.SyncAndWaitAsync("meta");
        var counts = await CountsAsync(admin);

        // Every full window of this history is more than the sandbox computes in one call (as Meta's data-per-call limit would be).
        Assert.True(MetaInsightsStream.WindowDays * MetaSandboxData.Campaigns(account).Count > MetaSandbox.MaxCampaignDaysPerCall);
        Assert.True(run.Run.Status == PipelineRunStatus.Succeeded, $"{run.Run.Status} at attempt {run.Run.Attempt}: {run.Run.ErrorMessage}");
        Assert.Equal(1, run.Run.Attempt); // asked for less at once, not retried as a passing fault
        Assert.Equal(Expected(account).Counts, counts);
    }

    [Fact]
    public void A_malformed_insights_row_fails_naming_the_campaign_day()
    {
        var row = new MetaInsightsStream.InsightRow("120210000000000042", "Prospecting", "12,50", "1000", "10", null, null, "2026-11-01", "USD");

        var error = Assert.Throws<ConnectorDataException>(() => MetaInsightsStream.ToRecord(row));

        Assert.Contains("120210000000000042:2026-11-01", error.Message);
        Assert.Contains("spend", error.Message);
    }

    private Task<Dictionary<string, int>> CountsAsync(ApiUser admin) =>
        app.InWorkspaceAsync(admin, db => db.SourceRecords.GroupBy(r => r.Stream).ToDictionaryAsync(g => g.Key, g => g.Count()));

    private Task<double> MetricAsync(ApiUser admin, string metric) =>
        app.InWorkspaceAsync(admin, db => db.DailyMetrics.Where(m => m.Metric == metric && m.Dimension == "").SumAsync(m => m.Value));

    private static int WindowsBeforeData(SandboxAccount account)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var firstDataDay = SandboxData.Days(account, today).First();
        var windows = 0;
        for (var start = MetaInsightsStream.FirstDay(today); start.AddDays(MetaInsightsStream.WindowDays - 1) < firstDataDay; start = start.AddDays(MetaInsightsStream.WindowDays))
            windows++;
        return windows;
    }

    private static (Dictionary<string, int> Counts, List<MetaSandboxData.Row> Rows) Expected(SandboxAccount account)
    {
        var rows = SandboxData.Days(account, DateOnly.FromDateTime(DateTime.UtcNow)).SelectMany(d => MetaSandboxData.Rows(account, d)).ToList();
        return (new Dictionary<string, int> { ["campaign_insights"] = rows.Count }, rows);
    }
}
