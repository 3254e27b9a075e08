using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Metrics;

/// <summary>
/// The dashboard's cache: a repeat view of unchanged data is not recomputed, and the view moves on as soon as a sync of its
/// sources finishes or a connection changes. Metrics written behind the app's back (no sync) stand in for "the data
/// changed without a sync": the cache shows the old figure, which is how the tests see that it answered.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DashboardCacheTests(WorkAppFactory app)
{
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Fact]
    public async Task A_repeat_view_comes_from_the_cache_until_a_sync_of_its_sources_finishes()
    {
        var admin = await ApiUser.RegisterAsync(app, "cache-sync");
        await ConnectAsync(admin, "stripe", 100);
        Assert.Equal((100.0, 100.0), await GrossAsync(admin));

        await AddGrossAsync(admin, 23);
        Assert.Equal((100.0, 100.0), await GrossAsync(admin)); // panel and strip from the cache

        await FinishSyncAsync(admin, "stripe");
        Assert.Equal((123.0, 123.0), await GrossAsync(admin));
    }

    [Fact]
    public async Task A_sync_of_another_source_leaves_a_panel_in_the_cache_and_pausing_its_connection_shows_at_once()
    {
        var admin = await ApiUser.RegisterAsync(app, "cache-pause");
        await ConnectAsync(admin, "stripe", 100);
        await ConnectAsync(admin, "mailchimp", 0);
        await RevenueAsync(admin);

        await AddGrossAsync(admin, 23);
        await FinishSyncAsync(admin, "mailchimp");
        Assert.Equal(100, (await RevenueAsync(admin)).Kpis.Single(k => k.Key == "gross").Value);

        await app.InWorkspaceAsync(admin, db => db.Connections.Where(c => c.Provider == "stripe").ExecuteUpdateAsync(s => s.SetProperty(c => c.Paused, true)));
        var paused = await RevenueAsync(admin);
        Assert.Equal(PanelStatus.Stale, paused.Status);
        Assert.Equal(123, paused.Kpis.Single(k => k.Key == "gross").Value);
    }

    [Fact]
    public async Task The_drill_down_is_cached_like_the_panel()
    {
        var admin = await ApiUser.RegisterAsync(app, "cache-detail");
        await ConnectAsync(admin, "stripe", 100);
        var first = await DetailAsync(admin);

        await AddGrossAsync(admin, 23);
        var cached = await DetailAsync(admin);
        await FinishSyncAsync(admin, "stripe");
        var fresh = await DetailAsync(admin);

        Assert.Equal(("100", "100", "123"), (first, cached, fresh));
    }

    [Fact]
    public async Task Workspaces_with_the_same_sources_and_period_never_see_each_others_figures()
    {
        var one = await ApiUser.RegisterAsync(app, "cache-one");
        var other = await ApiUser.RegisterAsync(app, "cache-other");
        await ConnectAsync(one, "stripe", 100);
        await ConnectAsync(other, "stripe", 7);

        Assert.Equal((100.0, 100.0), await GrossAsync(one));
        Assert.Equal((7.0, 7.0), await GrossAsync(other));
    }

    [Fact]
    [Trait(TestCategory.Name, TestCategory.Redis)]
    public async Task With_redis_configured_a_view_is_kept_there_for_the_other_instances()
    {
        await using var withRedis = new RedisApp();
        await withRedis.InitializeAsync();
        var admin = await ApiUser.RegisterAsync(withRedis, "cache-redis");
        await ConnectAsync(admin, "stripe", 100, withRedis);
        var workspace = (await admin.MeAsync()).Workspace.WorkspaceId;

        await GrossAsync(admin);

        // HybridCache answers from the factory's result and writes Redis beside it: on a busy machine the write lands a moment later.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(PostgresCluster.Redis);
        List<string> keys = [];
        for (var wait = 0; wait < 100 && !(keys.Any(k => k.Contains(":panel:revenue:")) && keys.Any(k => k.Contains(":blended:"))); wait++)
        {
            if (wait > 0) await Task.Delay(100);
            keys = redis.GetServer(redis.GetEndPoints().Single()).Keys(pattern: $"workpipelines:dashboard:*:{workspace:N}:*").Select(k => k.ToString()).ToList();
        }
        Assert.Contains(keys, k => k.Contains(":panel:revenue:"));
        Assert.Contains(keys, k => k.Contains(":blended:"));
    }

    private sealed class RedisApp : WorkAppFactory
    {
        protected override IDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = PostgresCluster.Redis };
    }

    private static async Task<(double? Panel, double? Strip)> GrossAsync(ApiUser user)
    {
        var dashboard = (await user.Client.GetFromJsonAsync<DashboardData>("api/work/dashboard/aggregate?period=7d", ApiUser.Json))!;
        return (dashboard.Panels.Single(p => p.Key == "revenue").Kpis.Single(k => k.Key == "gross").Value, dashboard.Blended.Single(k => k.Key == "revenue").Value);
    }

    private static async Task<PanelData> RevenueAsync(ApiUser user) =>
        (await user.Client.GetFromJsonAsync<PanelData>("api/work/revenue?period=7d", ApiUser.Json))!;

    /// <summary>The drill-down's gross revenue yesterday, from its CSV (what the page shows, for spreadsheets).</summary>
    private static async Task<string> DetailAsync(ApiUser user) =>
        (await user.Client.GetStringAsync("api/work/dashboard/revenue/days.csv?period=7d")).Split("\r\n").Single(l => l.StartsWith($"{Yesterday:yyyy-MM-dd},")).Split(',')[1];

    private async Task ConnectAsync(ApiUser admin, string source, double gross, WorkAppFactory? on = null)
    {
        var workspace = (await admin.MeAsync()).Workspace.WorkspaceId;
        await (on ?? app).InWorkspaceAsync(admin, db =>
        {
            db.Connections.Add(new Connection
            {
                WorkspaceId = workspace, Provider = source, ProtectedCredentials = "-", BaseUrl = "https://example.invalid/",
                Status = ConnectionStatus.Healthy, LastSuccessAt = DateTimeOffset.UtcNow, LastSyncAt = DateTimeOffset.UtcNow,
            });
            db.DailyMetrics.Add(new DailyMetric { WorkspaceId = workspace, Source = source, Metric = "revenue.gross", Date = Yesterday, Value = gross });
            return db.SaveChangesAsync();
        });
    }

    private Task AddGrossAsync(ApiUser admin, double gross) =>
        app.InWorkspaceAsync(admin, db => db.DailyMetrics.Where(m => m.Source == "stripe" && m.Metric == "revenue.gross" && m.Date == Yesterday)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Value, m => m.Value + gross)));

    /// <summary>What the end of a sync does to its connection (<c>SyncConnection.RecordSuccessAsync</c>).</summary>
    private Task FinishSyncAsync(ApiUser admin, string source) =>
        app.InWorkspaceAsync(admin, db => db.Connections.Where(c => c.Provider == source)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSyncAt, DateTimeOffset.UtcNow).SetProperty(c => c.LastSuccessAt, DateTimeOffset.UtcNow)));
}
