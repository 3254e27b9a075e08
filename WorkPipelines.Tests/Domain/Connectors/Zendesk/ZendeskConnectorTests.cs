using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.Zendesk;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Sandbox;
using WorkPipelines.Sandbox.Zendesk;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Zendesk;

[Collection(AppCollection.Name)]
public sealed class ZendeskConnectorTests(WorkAppFactory app)
{
    [Fact]
    public async Task Zendesk_sandbox_syncs_tickets_and_metrics_exactly_and_a_rerun_adds_no_duplicates()
    {
        var admin = await ApiUser.RegisterAsync(app, "zendesk");
        await admin.ConnectSandboxAsync("zendesk", historyDays: 20);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "zendesk");
        var tickets = Tickets(account);

        var first = await CountsAsync(admin);
        var synced = await SyncedAtAsync(admin);
        var rerun = await admin.SyncAndWaitAsync("zendesk");
        var rewritten = (await SyncedAtAsync(admin)).Count(r => r.Value != synced.GetValueOrDefault(r.Key));
        var second = await CountsAsync(admin);
        var solvedByDay = await app.InWorkspaceAsync(admin, db => db.DailyMetrics.Where(m => m.Metric == "support.tickets_solved" && m.Dimension == "")
            .ToDictionaryAsync(m => m.Date, m => m.Value));
        var created = await TotalAsync(admin, "support.tickets_created");
        var good = await TotalAsync(admin, "support.satisfaction_good");
        var bad = await TotalAsync(admin, "support.satisfaction_bad");
        var replyMinutes = await TotalAsync(admin, "support.first_reply_minutes");
        var replies = await TotalAsync(admin, "support.first_reply_count");
        var connector = await admin.ConnectorAsync("zendesk");

        Assert.Equal(PipelineRunStatus.Succeeded, rerun.Run.Status);
        Assert.Equal(Expected(tickets), first);
        Assert.Equal(first, second);
        Assert.Equal(tickets.Count, created);
        Assert.Equal(tickets.Count(t => t.Rating == "good"), good);
        Assert.Equal(tickets.Count(t => t.Rating == "bad"), bad);
        // Solves count on the day they were solved (from the sideloaded metric sets), not the day of the last update.
        Assert.Equal(tickets.Where(t => t.SolvedAt is not null).GroupBy(t => Day(t.SolvedAt!.Value)).ToDictionary(g => g.Key, g => (double)g.Count()), solvedByDay);
        Assert.Equal(tickets.Sum(t => t.ReplyBusinessMinutes ?? 0), replyMinutes);
        Assert.Equal(tickets.Count(t => t.ReplyBusinessMinutes is not null), replies);
        Assert.Equal("Healthy", connector.State);
        // Incremental: a sync right after another reads (and rewrites) only what changed since, first reply times included;
        // before, every ticket metric was read again on every sync.
        Assert.True(rewritten < tickets.Count / 10, $"the rerun rewrote {rewritten} records of {tickets.Count} tickets");
    }

    [Fact]
    public async Task A_zendesk_sync_failing_at_page_k_resumes_from_its_checkpoint_without_duplicates()
    {
        var admin = await ApiUser.RegisterAsync(app, "zdresume");
        await admin.ConnectSandboxAsync("zendesk", historyDays: 150);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "zendesk");
        await app.InWorkspaceAsync(admin, async db =>
        {
            await db.SourceRecords.ExecuteDeleteAsync();
            return await db.StreamCheckpoints.ExecuteDeleteAsync();
        });
        // Some 3,000 tickets are three export pages of 1,000: the second page fails for a while.
        Assert.True(Tickets(account).Count > 2 * ZendeskTicketsStream.PageSize, "the export should take more than two pages");
        await admin.SetFaultsAsync("zendesk", new { failAfterRequests = 1, failNextRequests = 8 });

        var run = await admin.SyncAndWaitAsync("zendesk");
        var counts = await CountsAsync(admin);

        Assert.True(run.Run.Status == PipelineRunStatus.Succeeded, $"{run.Run.Status} at attempt {run.Run.Attempt}: {run.Run.ErrorMessage}");
        Assert.True(run.Run.Attempt > 1, $"expected a retried run, got attempt {run.Run.Attempt}");
        Assert.Equal(Expected(Tickets(account)), counts);
    }

    [Fact]
    public async Task An_agents_email_and_token_are_refused_at_connect_with_why_and_an_admins_are_accepted()
    {
        var connector = new ZendeskConnector();
        var agent = await app.SandboxSessionAsync("zendesk", new() { ["subdomain"] = "sandbox", ["email"] = ZendeskSandbox.AgentEmail });
        var admin = await app.SandboxSessionAsync("zendesk", new() { ["subdomain"] = "sandbox", ["email"] = "admin@sandbox.example" });

        var refused = await Assert.ThrowsAsync<ConnectorAuthException>(() => connector.VerifyAsync(agent, CancellationToken.None));
        await connector.VerifyAsync(admin, CancellationToken.None);

        Assert.StartsWith("this email and token belong to an agent, not an admin; Zendesk lets only admins use the incremental export", refused.Message);
        Assert.EndsWith($"an API token from {ZendeskConnector.WhereToCreate}", refused.Message);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_http_clients_timeout_is_waited_out_in_the_run_saying_so()
    {
        var clock = new RateLimitWaitTests.RecordingClock();
        var progress = new List<string>();
        var session = await app.SandboxSessionAsync("zendesk", new() { ["subdomain"] = "sandbox", ["email"] = "admin@sandbox.example" }, clock,
            message => { progress.Add(message); return Task.CompletedTask; });
        // Zendesk's export answers 429 with Retry-After up to 60 s (developer.zendesk.com, Incremental Exports, Rate limits).
        await app.Services.GetRequiredService<SandboxAccounts>().SetFaultsAsync(session.Credential("apiToken"), new SandboxFaults(RateLimitNextRequests: 2, RetryAfterSeconds: 45));
        var http = app.Services.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get($"{ConnectorRegistry.SandboxHttpClientName}-standard");

        var page = await new ZendeskConnector().Streams.Single().ReadPageAsync(session, null, CancellationToken.None);

        Assert.True(TimeSpan.FromSeconds(45) > http.TotalRequestTimeout.Timeout, $"the HTTP client's total timeout is {http.TotalRequestTimeout.Timeout}");
        // Both waits were the connector's, on the run's clock (the HTTP client's own retries would have waited on the app's).
        Assert.Equal([TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(45)], clock.Waits);
        Assert.Equal(["Waiting for Zendesk's rate limit, 45 s", "Waiting for Zendesk's rate limit, 45 s"], progress);
        Assert.NotEmpty(page.Records);
    }

    [Fact]
    public async Task Expired_zendesk_token_marks_the_connection_needs_reconnect_and_fails_at_once()
    {
        var admin = await ApiUser.RegisterAsync(app, "zdexpired");
        await admin.ConnectSandboxAsync("zendesk", historyDays: 3);
        await admin.WaitForIdleAsync();
        await admin.SetFaultsAsync("zendesk", new { tokenExpired = true });

        var run = await admin.SyncAndWaitAsync("zendesk");
        var connector = await admin.ConnectorAsync("zendesk");

        ConnectorTestSteps.AssertFailedAtOnceNeedingReconnect(run, connector);
        Assert.Contains("Couldn't authenticate you", run.Run.ErrorMessage);
    }

    [Fact]
    public async Task Zendesk_rate_limits_and_errors_are_absorbed_and_the_counts_stay_exact()
    {
        var admin = await ApiUser.RegisterAsync(app, "zdstorm");
        await admin.ConnectSandboxAsync("zendesk", historyDays: 15);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "zendesk");
        await app.InWorkspaceAsync(admin, async db =>
        {
            await db.SourceRecords.ExecuteDeleteAsync();
            return await db.StreamCheckpoints.ExecuteDeleteAsync();
        });
        await admin.SetFaultsAsync("zendesk", new { errorRate = 0.2, rateLimitRate = 0.2 });

        var run = await admin.SyncAndWaitAsync("zendesk");
        var counts = await CountsAsync(admin);

        Assert.True(run.Run.Status == PipelineRunStatus.Succeeded, $"{run.Run.Status} at attempt {run.Run.Attempt}: {run.Run.ErrorMessage}");
        Assert.Equal(Expected(Tickets(account)), counts);
    }

    private Task<Dictionary<string, int>> CountsAsync(ApiUser admin) =>
        app.InWorkspaceAsync(admin, db => db.SourceRecords.GroupBy(r => r.Stream).ToDictionaryAsync(g => g.Key, g => g.Count()));

    private Task<Dictionary<string, DateTimeOffset>> SyncedAtAsync(ApiUser admin) =>
        app.InWorkspaceAsync(admin, db => db.SourceRecords.ToDictionaryAsync(r => r.Stream + "/" + r.ExternalId, r => r.SyncedAt));

    private Task<double> TotalAsync(ApiUser admin, string metric) =>
        app.InWorkspaceAsync(admin, db => db.DailyMetrics.Where(m => m.Metric == metric && m.Dimension == "").SumAsync(m => m.Value));

    private static List<ZendeskSandboxData.Ticket> Tickets(SandboxAccount account)
    {
        var days = SandboxData.Days(account, DateOnly.FromDateTime(DateTime.UtcNow)).ToList();
        return days.SelectMany(d => ZendeskSandboxData.Tickets(account, d, days[^1])).ToList();
    }

    private static Dictionary<string, int> Expected(List<ZendeskSandboxData.Ticket> tickets) => new()
    {
        ["tickets"] = tickets.Count + tickets.Count(t => t.Status is "solved" or "closed") + tickets.Count(t => t.Rating is "good" or "bad")
                      + tickets.Count(t => t.ReplyCalendarMinutes is not null),
    };

    private static DateOnly Day(long unix) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime);
}
