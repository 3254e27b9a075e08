using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.Stripe;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Sandbox;
using WorkPipelines.Sandbox.Stripe;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Stripe;

[Collection(AppCollection.Name)]
public sealed class StripeConnectorTests(WorkAppFactory app)
{
    [Fact]
    public async Task Stripe_sandbox_syncs_every_stream_exactly_and_a_rerun_adds_no_duplicates()
    {
        var admin = await ApiUser.RegisterAsync(app, "stripe");
        await admin.ConnectSandboxAsync("stripe", historyDays: 20);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "stripe");
        var expected = Expected(account);

        var first = await app.InWorkspaceAsync(admin, db => db.SourceRecords.GroupBy(r => r.Stream).ToDictionaryAsync(g => g.Key, g => g.Count()));
        var rerun = await admin.SyncAndWaitAsync("stripe");
        var second = await app.InWorkspaceAsync(admin, db => db.SourceRecords.GroupBy(r => r.Stream).ToDictionaryAsync(g => g.Key, g => g.Count()));
        var gross = await app.InWorkspaceAsync(admin, db => db.DailyMetrics.Where(m => m.Metric == "revenue.gross" && m.Dimension == "").SumAsync(m => m.Value));
        var mrr = await app.InWorkspaceAsync(admin, db => db.DailyMetrics.Where(m => m.Source == "stripe" && m.Dimension == "")
            .Where(m => m.Metric == "mrr.new" || m.Metric == "mrr.expansion" || m.Metric == "mrr.churned")
            .SumAsync(m => m.Metric == "mrr.churned" ? -m.Value : m.Value));
        var currencies = await app.InWorkspaceAsync(admin, db => db.DailyMetrics.Where(m => m.Metric.StartsWith("currency.")).Select(m => m.Metric).Distinct().ToListAsync());
        var connector = await admin.ConnectorAsync("stripe");

        Assert.Equal(PipelineRunStatus.Succeeded, rerun.Run.Status);
        Assert.Equal(expected.Counts, first);
        Assert.Equal(first, second);
        Assert.Equal(expected.Gross, gross, tolerance: 0.01);
        Assert.Equal(expected.Mrr, mrr, tolerance: 0.01);
        // Charges in yen and dinars settle in dollars: one currency only.
        Assert.Equal(["currency.usd"], currencies);
        Assert.Equal("Healthy", connector.State);
        Assert.Equal(expected.Counts.Values.Sum(), connector.RecordsSynced);
    }

    [Fact]
    public async Task A_sync_failing_at_page_k_resumes_from_its_checkpoint_without_duplicates()
    {
        var admin = await ApiUser.RegisterAsync(app, "resume");
        await admin.ConnectSandboxAsync("stripe", historyDays: 60);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "stripe");
        // Forget everything, then fail for a while after the first pages: the engine retries the run.
        await app.InWorkspaceAsync(admin, async db =>
        {
            await db.SourceRecords.ExecuteDeleteAsync();
            return await db.StreamCheckpoints.ExecuteDeleteAsync();
        });
        // Stripe's four streams are read side by side, each request retried three times by the HTTP client: 13 failures in a row
        // are more than the four can absorb (4 × 3), so a run attempt fails and the next resumes.
        await admin.SetFaultsAsync("stripe", new { failAfterRequests = 3, failNextRequests = 13 });

        var started = DateTimeOffset.UtcNow;
        var run = await admin.SyncAndWaitAsync("stripe", r => r.Status is PipelineRunStatus.Succeeded or PipelineRunStatus.Failed);
        var counts = await app.InWorkspaceAsync(admin, db => db.SourceRecords.GroupBy(r => r.Stream).ToDictionaryAsync(g => g.Key, g => g.Count()));

        Assert.Equal(PipelineRunStatus.Succeeded, run.Run.Status);
        Assert.True(run.Run.Attempt > 1, $"expected a retried run, got attempt {run.Run.Attempt}");
        AssertCountsOfAMomentBetween(account, started, DateTimeOffset.UtcNow, counts);
    }

    [Fact]
    public async Task Expired_token_marks_the_connection_needs_reconnect_and_fails_at_once()
    {
        var admin = await ApiUser.RegisterAsync(app, "expired");
        await admin.ConnectSandboxAsync("stripe", historyDays: 3);
        await admin.WaitForIdleAsync();
        await admin.SetFaultsAsync("stripe", new { tokenExpired = true });

        var run = await admin.SyncAndWaitAsync("stripe");
        var connector = await admin.ConnectorAsync("stripe");

        ConnectorTestSteps.AssertFailedAtOnceNeedingReconnect(run, connector);
    }

    [Fact]
    public async Task Rate_limits_and_errors_are_absorbed_and_the_counts_stay_exact()
    {
        var admin = await ApiUser.RegisterAsync(app, "storm");
        await admin.ConnectSandboxAsync("stripe", historyDays: 15);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "stripe");
        await admin.SetFaultsAsync("stripe", new { errorRate = 0.2, rateLimitRate = 0.2 });

        var started = DateTimeOffset.UtcNow;
        var run = await admin.SyncAndWaitAsync("stripe");
        var counts = await app.InWorkspaceAsync(admin, db => db.SourceRecords.GroupBy(r => r.Stream).ToDictionaryAsync(g => g.Key, g => g.Count()));

        Assert.Equal(PipelineRunStatus.Succeeded, run.Run.Status);
        AssertCountsOfAMomentBetween(account, started, DateTimeOffset.UtcNow, counts);
    }

    [Fact]
    public async Task The_api_key_never_reaches_the_database_files_or_the_api()
    {
        var admin = await ApiUser.RegisterAsync(app, "secret");
        await admin.ConnectSandboxAsync("stripe", historyDays: 2);
        await admin.WaitForIdleAsync();
        var token = await app.SandboxTokenAsync(admin, "stripe");
        var connectors = await admin.Client.GetStringAsync("api/work/connectors");
        var activity = await admin.Client.GetStringAsync("api/work/activity");

        Assert.DoesNotContain(token, connectors);
        Assert.DoesNotContain(token, activity);
        // The database and its write-ahead log, byte for byte: neither the connection nor the sandbox keeps it readable.
        foreach (var file in new[] { app.DatabasePath, app.DatabasePath + "-wal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
            var bytes = await reader.ReadToEndAsync();
            Assert.DoesNotContain(token, bytes);
            Assert.DoesNotContain(token[8..], bytes);
        }
    }

    [Fact]
    public async Task A_restricted_key_lacking_permissions_is_refused_at_connect_naming_each_and_where_to_add_them()
    {
        var session = await app.SandboxSessionAsync("stripe", []);
        var account = (await app.Services.GetRequiredService<SandboxAccounts>().FindAsync(session.Credential("apiKey")))!;
        // connected_account_read (GET /v1/account) is not needed to sync, so a key without it passes the check.
        Sandbox.Withhold(account, "subscription_read", "refund_read", "connected_account_read");

        var refused = await Assert.ThrowsAsync<ConnectorAuthException>(() => new StripeConnector().VerifyAsync(session, CancellationToken.None));
        Sandbox.Withhold(account, "connected_account_read");
        await new StripeConnector().VerifyAsync(session, CancellationToken.None);

        Assert.Equal("this restricted key lacks the refund_read permission (Refunds: Read) and the subscription_read permission (Subscriptions: Read); " +
                     "add them in Stripe Dashboard → Developers → API keys → Restricted keys → your key → ⋯ → Edit, then reconnect.", refused.Message);
    }

    [Fact]
    public async Task A_key_that_loses_a_permission_fails_its_sync_at_once_naming_it()
    {
        var admin = await ApiUser.RegisterAsync(app, "stripe-rak");
        await admin.ConnectSandboxAsync("stripe", historyDays: 3);
        await admin.WaitForIdleAsync();
        Sandbox.Withhold(await app.SandboxAccountAsync(admin, "stripe"), "charge_read");

        var run = await admin.SyncAndWaitAsync("stripe");
        var connector = await admin.ConnectorAsync("stripe");

        ConnectorTestSteps.AssertFailedAtOnceNeedingReconnect(run, connector);
        Assert.Contains("this restricted key lacks the charge_read permission (Charges: Read); add it in Stripe Dashboard → Developers → API keys", run.Run.ErrorMessage);
    }

    private StripeSandbox Sandbox => app.Services.GetServices<ISandboxProvider>().OfType<StripeSandbox>().Single();

    [Theory]
    [InlineData("post", "api/work/sync/stripey", HttpStatusCode.NotFound, "known: stripe, shopify")]
    [InlineData("post", "api/work/sync/shopify", HttpStatusCode.Conflict, "not connected")]
    [InlineData("put", "api/work/connectors/stripe", HttpStatusCode.BadRequest, "needs: Secret API key")]
    public async Task Bad_connector_requests_get_a_problem(string method, string url, HttpStatusCode status, string message)
    {
        var admin = await ApiUser.RegisterAsync(app);

        var response = method == "post"
            ? await admin.Client.PostAsync(url, null)
            : await admin.Client.PutAsJsonAsync(url, new { credentials = new Dictionary<string, string>() });

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// The sandbox's records as of some moment between <paramref name="from"/> and <paramref name="to"/>: a trial can end
    /// while a sync runs (the subscriptions stream then saw it trialing or paying, depending on when it read), so each
    /// count lies between the two instants' counts; streams that did not change in between are compared exactly.
    /// </summary>
    internal static void AssertCountsOfAMomentBetween(SandboxAccount account, DateTimeOffset from, DateTimeOffset to, Dictionary<string, int> counts)
    {
        var (early, late) = (Expected(account, from).Counts, Expected(account, to).Counts);
        Assert.Equal(late.Keys.Order(), counts.Keys.Order());
        foreach (var (stream, count) in counts)
            Assert.InRange(count, Math.Min(early.GetValueOrDefault(stream), late[stream]), Math.Max(early.GetValueOrDefault(stream), late[stream]));
    }

    internal static (Dictionary<string, int> Counts, double Gross, double Mrr) Expected(SandboxAccount account, DateTimeOffset? at = null)
    {
        var instant = at ?? DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(instant.UtcDateTime);
        var now = instant.ToUnixTimeSeconds();
        var days = SandboxData.Days(account, today).ToList();
        var charges = days.SelectMany(d => StripeSandboxData.Charges(account, d)).ToList();
        // A subscription adds MRR once its trial is over, and takes it away when it ends; one canceled in its trial never counts.
        // The sandbox makes today's subscriptions at moments all through the day; the connector counts none before it starts.
        var paying = days.SelectMany(d => StripeSandboxData.Subscriptions(account, d, today))
            .Where(s => s.Created <= now && s.Status(now) != "trialing" && !(s.CanceledAt <= s.TrialEnd)).ToList();
        return (new Dictionary<string, int>
        {
            ["charges"] = charges.Count,
            ["customers"] = days.Sum(d => StripeSandboxData.Customers(account, d).Count),
            ["refunds"] = days.Sum(d => StripeSandboxData.Refunds(account, d, days[0]).Count),
            ["subscriptions"] = paying.Count + paying.Count(s => s.CanceledAt is not null),
        }.Where(kv => kv.Value > 0).ToDictionary(), charges.Where(c => c.Succeeded).Sum(c => c.Amount) / 100.0,
            paying.Where(s => s.CanceledAt is null).Sum(Mrr));
    }

    // Worked by hand from the sandbox's plans: a yearly price is a twelfth a month; a volume price charges every seat at the
    // tier the quantity reaches, plus that tier's flat fee; the forever coupon takes its percentage off.
    private static double Mrr(StripeSandboxData.Subscription s)
    {
        var plan = s.Plan;
        double perPeriod = plan.Tiers is { } tiers && tiers.First(t => t.UpTo is null || s.Quantity <= t.UpTo) is var tier
            ? s.Quantity * tier.Unit + tier.Flat
            : s.Quantity * plan.UnitAmount!.Value;
        var monthly = plan.Interval == "year" ? perPeriod / 12 : perPeriod;
        return monthly * (100 - s.PercentOff) / 100 / 100;
    }
}
