using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Sandbox;
using WorkPipelines.Sandbox.Mailchimp;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Mailchimp;

[Collection(AppCollection.Name)]
public sealed class MailchimpConnectorTests(WorkAppFactory app)
{
    [Fact]
    public async Task Mailchimp_sandbox_syncs_every_stream_exactly_and_a_rerun_adds_no_duplicates()
    {
        var admin = await ApiUser.RegisterAsync(app, "mailchimp");
        await admin.ConnectSandboxAsync("mailchimp", historyDays: 30);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "mailchimp");
        var expected = Expected(account);

        var first = await CountsAsync(admin);
        var rerun = await admin.SyncAndWaitAsync("mailchimp");
        var second = await CountsAsync(admin);
        var metrics = await app.InWorkspaceAsync(admin, db => db.DailyMetrics.Where(m => m.Dimension == "")
            .GroupBy(m => m.Metric).ToDictionaryAsync(g => g.Key, g => g.Sum(m => m.Value)));
        var newsletter = await app.InWorkspaceAsync(admin, db => db.DailyMetrics
            .Where(m => m.Metric == "email.subscribers_new" && m.Dimension == "Newsletter").SumAsync(m => m.Value));
        var connector = await admin.ConnectorAsync("mailchimp");

        Assert.True(rerun.Run.Status == PipelineRunStatus.Succeeded, rerun.Run.ErrorMessage);
        Assert.Equal(expected.Counts, first);
        Assert.Equal(first, second);
        Assert.Equal(expected.Sends, metrics["email.sends"]);
        Assert.Equal(expected.Opens, metrics["email.opens"]);
        Assert.Equal(expected.Counts["campaigns"], metrics["email.campaigns_sent"]);
        // Every member is read, but only those still subscribed are new subscribers: cleaned and unsubscribed ones are not.
        Assert.Equal(expected.Subscribed, metrics["email.subscribers_new"]);
        Assert.True(expected.Subscribed < expected.Counts["lists"], "the sandbox should have cleaned or unsubscribed members");
        Assert.Equal(expected.Newsletter, newsletter);
        Assert.Equal("Healthy", connector.State);
        Assert.Equal(expected.Counts.Values.Sum(), connector.RecordsSynced);
    }

    [Fact]
    public async Task A_mailchimp_sync_failing_at_page_k_resumes_from_its_checkpoint_without_duplicates()
    {
        var admin = await ApiUser.RegisterAsync(app, "mailchimp-resume");
        await admin.ConnectSandboxAsync("mailchimp", historyDays: 90);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "mailchimp");
        await app.InWorkspaceAsync(admin, async db =>
        {
            await db.SourceRecords.ExecuteDeleteAsync();
            return await db.StreamCheckpoints.ExecuteDeleteAsync();
        });
        await admin.SetFaultsAsync("mailchimp", new { failAfterRequests = 3, failNextRequests = 8 });

        var run = await admin.SyncAndWaitAsync("mailchimp");
        var counts = await CountsAsync(admin);

        Assert.True(run.Run.Status == PipelineRunStatus.Succeeded, run.Run.ErrorMessage);
        Assert.True(run.Run.Attempt > 1, $"expected a retried run, got attempt {run.Run.Attempt}");
        Assert.Equal(Expected(account).Counts, counts);
    }

    [Fact]
    public async Task Expired_mailchimp_key_marks_the_connection_needs_reconnect_and_fails_at_once()
    {
        var admin = await ApiUser.RegisterAsync(app, "mailchimp-expired");
        await admin.ConnectSandboxAsync("mailchimp", historyDays: 3);
        await admin.WaitForIdleAsync();
        await admin.SetFaultsAsync("mailchimp", new { tokenExpired = true });

        var run = await admin.SyncAndWaitAsync("mailchimp");
        var connector = await admin.ConnectorAsync("mailchimp");

        ConnectorTestSteps.AssertFailedAtOnceNeedingReconnect(run, connector);
        Assert.Contains("API Key Invalid", run.Run.ErrorMessage);
    }

    [Fact]
    public async Task Mailchimp_rate_limits_and_errors_are_absorbed_and_the_counts_stay_exact()
    {
        var admin = await ApiUser.RegisterAsync(app, "mailchimp-storm");
        await admin.ConnectSandboxAsync("mailchimp", historyDays: 60);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "mailchimp");
        await app.InWorkspaceAsync(admin, async db =>
        {
            await db.SourceRecords.ExecuteDeleteAsync();
            return await db.StreamCheckpoints.ExecuteDeleteAsync();
        });
        await admin.SetFaultsAsync("mailchimp", new { errorRate = 0.2, rateLimitRate = 0.2 });

        var run = await admin.SyncAndWaitAsync("mailchimp");
        var counts = await CountsAsync(admin);

        Assert.True(run.Run.Status == PipelineRunStatus.Succeeded, run.Run.ErrorMessage);
        Assert.Equal(Expected(account).Counts, counts);
    }

    private Task<Dictionary<string, int>> CountsAsync(ApiUser admin) =>
        app.InWorkspaceAsync(admin, db => db.SourceRecords.GroupBy(r => r.Stream).ToDictionaryAsync(g => g.Key, g => g.Count()));

    internal static (Dictionary<string, int> Counts, double Sends, double Opens, double Newsletter, double Subscribed) Expected(SandboxAccount account)
    {
        var days = SandboxData.Days(account, DateOnly.FromDateTime(DateTime.UtcNow)).ToList();
        var reports = days.SelectMany(d => MailchimpSandboxData.Reports(account, d)).ToList();
        var audiences = MailchimpSandboxData.Audiences(account);
        var members = audiences.ToDictionary(a => a.Name, a => days.SelectMany(d => MailchimpSandboxData.Members(account, a, d)).ToList());
        return (new Dictionary<string, int> { ["campaigns"] = reports.Count, ["lists"] = members.Values.Sum(m => m.Count) }.Where(kv => kv.Value > 0).ToDictionary(),
            reports.Sum(r => r.EmailsSent), reports.Sum(r => r.UniqueOpens), members["Newsletter"].Count(m => m.Status == "subscribed"),
            members.Values.Sum(m => m.Count(x => x.Status == "subscribed")));
    }
}
