using WorkPipelines.Domain.Connectors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors.Shopify;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Sandbox;
using WorkPipelines.Sandbox.Shopify;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Shopify;

[Collection(AppCollection.Name)]
public class ShopifyConnectorTests(WorkAppFactory app)
{
    [Fact]
    public async Task Shopify_sandbox_syncs_every_stream_exactly_and_a_rerun_adds_no_duplicates()
    {
        var admin = await ApiUser.RegisterAsync(app, "shopify");
        await admin.ConnectSandboxAsync("shopify", historyDays: 20);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "shopify");
        var expected = Expected(account);

        var first = await CountsAsync(admin);
        var rerun = await admin.SyncAndWaitAsync("shopify");
        var second = await CountsAsync(admin);
        var metrics = await app.InWorkspaceAsync(admin, db => db.DailyMetrics.Where(m => m.Dimension == "")
            .GroupBy(m => m.Metric).ToDictionaryAsync(g => g.Key, g => g.Sum(m => m.Value)));
        var topProduct = expected.Products.MaxBy(p => p.Value);
        var productSales = await app.InWorkspaceAsync(admin, db => db.DailyMetrics
            .Where(m => m.Metric == "sales.product" && m.Dimension == topProduct.Key).SumAsync(m => m.Value));
        var connector = await admin.ConnectorAsync("shopify");

        Assert.True(rerun.Run.Status == PipelineRunStatus.Succeeded, rerun.Run.ErrorMessage);
        Assert.Equal(expected.Counts, first);
        Assert.Equal(first, second);
        Assert.Equal(expected.Gross, metrics["revenue.gross"], tolerance: 0.01);
        Assert.Equal(expected.Counts["orders"], metrics["orders.count"]);
        Assert.Equal(expected.Refunds, metrics["revenue.refunds"], tolerance: 0.01);
        Assert.Equal(expected.Counts["customers"], metrics["customers.new"]);
        // Every order and refund says its shop money's currency, so the revenue panel never adds it to another currency.
        Assert.Equal(expected.Counts["orders"] + expected.Counts["refunds"], metrics["currency.usd"]);
        Assert.DoesNotContain(metrics.Keys, m => m.StartsWith("currency.") && m != "currency.usd");
        Assert.Equal(topProduct.Value, productSales, tolerance: 0.01);
        Assert.Equal("Healthy", connector.State);
        Assert.Equal(expected.Counts.Values.Sum(), connector.RecordsSynced);
    }

    [Fact]
    public async Task A_shopify_sync_failing_at_page_k_resumes_from_its_checkpoint_without_duplicates()
    {
        var admin = await ApiUser.RegisterAsync(app, "shopify-resume");
        await admin.ConnectSandboxAsync("shopify", historyDays: 15);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "shopify");
        await app.InWorkspaceAsync(admin, async db =>
        {
            await db.SourceRecords.ExecuteDeleteAsync();
            return await db.StreamCheckpoints.ExecuteDeleteAsync();
        });
        await admin.SetFaultsAsync("shopify", new { failAfterRequests = 4, failNextRequests = 8 });

        var run = await admin.SyncAndWaitAsync("shopify");
        var counts = await CountsAsync(admin);

        Assert.True(run.Run.Status == PipelineRunStatus.Succeeded, run.Run.ErrorMessage);
        Assert.True(run.Run.Attempt > 1, $"expected a retried run, got attempt {run.Run.Attempt}");
        Assert.Equal(Expected(account).Counts, counts);
    }

    [Fact]
    public async Task Expired_shopify_token_marks_the_connection_needs_reconnect_and_fails_at_once()
    {
        var admin = await ApiUser.RegisterAsync(app, "shopify-expired");
        await admin.ConnectSandboxAsync("shopify", historyDays: 3);
        await admin.WaitForIdleAsync();
        await admin.SetFaultsAsync("shopify", new { tokenExpired = true });

        var run = await admin.SyncAndWaitAsync("shopify");
        var connector = await admin.ConnectorAsync("shopify");

        ConnectorTestSteps.AssertFailedAtOnceNeedingReconnect(run, connector);
    }

    [Fact]
    public async Task Shopify_rate_limits_and_errors_are_absorbed_and_the_counts_stay_exact()
    {
        var admin = await ApiUser.RegisterAsync(app, "shopify-storm");
        await admin.ConnectSandboxAsync("shopify", historyDays: 15);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "shopify");
        await app.InWorkspaceAsync(admin, async db =>
        {
            await db.SourceRecords.ExecuteDeleteAsync();
            return await db.StreamCheckpoints.ExecuteDeleteAsync();
        });
        await admin.SetFaultsAsync("shopify", new { errorRate = 0.2, rateLimitRate = 0.2 });

        var run = await admin.SyncAndWaitAsync("shopify");
        var counts = await CountsAsync(admin);

        Assert.True(run.Run.Status == PipelineRunStatus.Succeeded, run.Run.ErrorMessage);
        Assert.Equal(Expected(account).Counts, counts);
    }

    [Fact]
    public void The_pinned_shopify_api_version_ends_a_year_after_its_release()
    {
        // Shopify supports each quarterly version for at least 12 months from its release on the first of its month
        // (https://shopify.dev/docs/api/usage/versioning); ApiVersionsTests fails the day it passes.
        var pinned = ApiVersions.ShopifyAdmin;
        var released = DateOnly.ParseExact(pinned.Version + "-01", "yyyy-MM-dd");

        Assert.Equal(ShopifyGraphQl.ApiVersion, pinned.Version);
        Assert.Equal(released.AddYears(1), pinned.EndOfSupport);
    }

    [Fact]
    public async Task Without_read_all_orders_a_shopify_sync_gets_60_days_of_orders_and_the_connection_says_so()
    {
        var admin = await ApiUser.RegisterAsync(app, "shopify-60days");
        await admin.ConnectSandboxAsync("shopify", historyDays: 90);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "shopify");
        var all = Expected(account).Counts;
        await app.InWorkspaceAsync(admin, async db =>
        {
            await db.SourceRecords.ExecuteDeleteAsync();
            return await db.StreamCheckpoints.ExecuteDeleteAsync();
        });
        var sandbox = app.Services.GetServices<WorkPipelines.Sandbox.ISandboxProvider>().OfType<ShopifySandbox>().Single();
        sandbox.Grant(account, "read_orders", "read_customers");

        var before = DateTimeOffset.UtcNow;
        var run = await admin.SyncAndWaitAsync("shopify");
        var after = DateTimeOffset.UtcNow;
        var counts = await CountsAsync(admin);
        var limited = await admin.ConnectorAsync("shopify");
        sandbox.Grant(account, [.. ShopifySandbox.DefaultScopes]);
        await admin.SyncAndWaitAsync("shopify");
        var granted = await admin.ConnectorAsync("shopify");

        Assert.True(run.Run.Status == PipelineRunStatus.Succeeded, run.Run.ErrorMessage);
        // The sandbox answers orders created since 60 days before each request: somewhere between these bounds.
        Assert.InRange(counts["orders"], RecentOrders(account, after), RecentOrders(account, before));
        Assert.True(counts["orders"] < all["orders"], $"{counts["orders"]} of {all["orders"]} orders: the older ones should be missing");
        Assert.Equal(all["customers"], counts["customers"]);
        Assert.Equal("Healthy", limited.State);
        Assert.Equal("Only the last 60 days of orders were synced: grant read_all_orders to the app (its access token) and reconnect to sync older orders.", limited.Notice);
        Assert.Null(granted.Notice);
    }

    private static int RecentOrders(SandboxAccount account, DateTimeOffset now)
    {
        var days = SandboxData.Days(account, DateOnly.FromDateTime(DateTime.UtcNow)).ToList();
        var end = ShopifySandboxData.StartOf(days[^1]) + 86_400;
        var oldest = (now - ShopifySandbox.RecentOrdersWindow).ToUnixTimeSeconds();
        return days.SelectMany(d => ShopifySandboxData.OrdersCreatedOn(account, d, end)).Count(o => o.CreatedAt >= oldest);
    }

    private Task<Dictionary<string, int>> CountsAsync(ApiUser admin) =>
        app.InWorkspaceAsync(admin, db => db.SourceRecords.GroupBy(r => r.Stream).ToDictionaryAsync(g => g.Key, g => g.Count()));

    internal static (Dictionary<string, int> Counts, double Gross, double Refunds, Dictionary<string, double> Products) Expected(SandboxAccount account)
    {
        var days = SandboxData.Days(account, DateOnly.FromDateTime(DateTime.UtcNow)).ToList();
        var end = ShopifySandboxData.StartOf(days[^1]) + 86_400;
        var orders = days.SelectMany(d => ShopifySandboxData.OrdersCreatedOn(account, d, end)).ToList();
        var lines = orders.SelectMany(o => o.Lines).ToList();
        var refunds = orders.SelectMany(o => o.Refunds).ToList();
        return (new Dictionary<string, int>
            {
                ["orders"] = orders.Count,
                ["line_items"] = lines.Count,
                ["refunds"] = refunds.Count,
                ["customers"] = days.Sum(d => ShopifySandboxData.CustomersCreatedOn(account, d).Count),
            }.Where(kv => kv.Value > 0).ToDictionary(),
            (double)orders.Sum(o => o.Total), (double)refunds.Sum(r => r.Amount),
            lines.GroupBy(l => l.Product).ToDictionary(g => g.Key, g => (double)g.Sum(l => l.Total)));
    }
}
