using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.Graph;
using WorkPipelines.Domain.Connectors.Social;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Sandbox;
using WorkPipelines.Sandbox.Social;
using WorkPipelines.Tests.Domain.Connectors.Graph;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Social;

/// <summary>The Page's connected Instagram account, synced by the social connector with the Page token.</summary>
[Collection(GraphConnectorsCollection.Name)]
public sealed class InstagramConnectorTests(GraphConnectorsApp app)
{
    private const string PageId = "1000000002";

    [Fact]
    public async Task The_pages_instagram_account_syncs_its_days_followers_and_media_exactly()
    {
        var admin = await ApiUser.RegisterAsync(app, "instagram");
        await admin.ConnectSandboxAsync("social", historyDays: 40);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "social");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var days = SandboxData.Days(account, today).Where(d => d > today.AddDays(-InstagramInsightsStream.FirstSyncDays))
            .Select(d => InstagramSandboxData.Day(account, d)).ToList();
        var media = SandboxData.Days(account, today).SelectMany(d => InstagramSandboxData.MediaOn(account, d)).ToList();

        var counts = await app.InWorkspaceAsync(admin, db => db.SourceRecords.GroupBy(r => r.Stream).ToDictionaryAsync(g => g.Key, g => g.Count()));
        var connector = await admin.ConnectorAsync("social");

        Assert.Equal(ExpectedCounts(account)["instagram_insights"], counts["instagram_insights"]);
        Assert.Equal(media.Count, counts["instagram_media"]);
        Assert.Equal(days.Sum(d => d.Reach), await MetricAsync(admin, "instagram.reach"));
        Assert.Equal(days.Sum(d => d.Views), await MetricAsync(admin, "instagram.views"));
        Assert.Equal(days.Sum(d => d.ProfileViews), await MetricAsync(admin, "instagram.profile_views"));
        Assert.Equal(days.Sum(d => d.AccountsEngaged), await MetricAsync(admin, "instagram.accounts_engaged"));
        Assert.Equal(InstagramSandboxData.Followers(account, today), await MetricAsync(admin, "instagram.followers"));
        Assert.Equal(media.Count, await MetricAsync(admin, "instagram.posts"));
        Assert.Equal(media.Sum(m => m.Reach), await MetricAsync(admin, "instagram.media_reach"));
        Assert.Equal(media.Sum(m => m.Interactions), await MetricAsync(admin, "instagram.media_interactions"));
        Assert.Equal("Healthy", connector.State);
        Assert.Null(connector.Notice);
    }

    [Fact]
    public async Task A_page_without_an_instagram_account_syncs_facebook_and_says_so_on_the_healthy_connection()
    {
        var admin = await ApiUser.RegisterAsync(app, "instagram-none");
        await admin.ConnectSandboxAsync("social", historyDays: 5);
        await admin.WaitForIdleAsync();
        await UsePageAsync(admin, InstagramSandboxData.PageWithoutInstagram);
        await app.InWorkspaceAsync(admin, async db =>
        {
            await db.StreamCheckpoints.ExecuteDeleteAsync();
            return await db.SourceRecords.ExecuteDeleteAsync();
        });

        var run = await admin.SyncAndWaitAsync("social");
        var counts = await app.InWorkspaceAsync(admin, db => db.SourceRecords.GroupBy(r => r.Stream).ToDictionaryAsync(g => g.Key, g => g.Count()));
        var connector = await admin.ConnectorAsync("social");

        Assert.Equal(PipelineRunStatus.Succeeded, run.Run.Status);
        Assert.Equal("Healthy", connector.State);
        Assert.Equal($"No Instagram numbers were synced: the Facebook Page {InstagramSandboxData.PageWithoutInstagram} has no Instagram professional account connected. " +
                     "Connect one to the Page (Meta Business Suite → Settings → Instagram accounts) and sync again.", connector.Notice);
        Assert.True(counts.GetValueOrDefault("page_insights") > 0, "the Facebook streams still sync");
        Assert.False(counts.ContainsKey("instagram_insights") || counts.ContainsKey("instagram_media"), string.Join(", ", counts.Keys));
    }

    // Graph fails the whole call for a metric the edge no longer has, and for a total-only metric asked as a time series;
    // the sandbox must too, or a connector asking for one would pass the sync tests.
    [Theory]
    [InlineData("insights?metric=reach,impressions&period=day&metric_type=total_value", "metric[1] must be one of")]
    [InlineData("insights?metric=profile_views&period=day", "should be specified with parameter metric_type=total_value")]
    [InlineData("insights?metric=website_clicks&period=day&metric_type=total_value", "metric[0] must be one of")]
    [InlineData("media?fields=id,insights.metric(impressions)", "metric[0] must be one of")]
    [InlineData("media?fields=id,insights.metric(reach,plays)", "metric[1] must be one of")]
    [InlineData("media?fields=id,insights.metric(video_views)", "metric[0] must be one of")]
    public async Task The_sandbox_answers_a_removed_or_total_only_instagram_metric_as_graph_does(string pathAndQuery, string message)
    {
        var admin = await ApiUser.RegisterAsync(app, "instagram-removed");
        await admin.ConnectSandboxAsync("social", historyDays: 3);
        await admin.WaitForIdleAsync();
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"sandbox/social/{ApiVersions.MetaGraph.Version}/{InstagramSandboxData.UserIdOf(PageId)}/{pathAndQuery}");
        request.Headers.Authorization = new("Bearer", await app.SandboxTokenAsync(admin, "social"));

        using var response = await client.SendAsync(request);
        var error = GraphError.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(100, error?.Code);
        Assert.Contains(message, error!.Message);
    }

    [Fact]
    public void A_days_totals_become_one_record_and_an_empty_answer_none()
    {
        var insights = JsonSerializer.Deserialize<InstagramInsightsStream.InsightsPage>("""
            {"data":[
              {"name":"reach","period":"day","total_value":{"value":310},"id":"1/insights/reach/day"},
              {"name":"views","period":"day","total_value":{"value":702},"id":"1/insights/views/day"},
              {"name":"profile_views","period":"day","total_value":{"value":12},"id":"1/insights/profile_views/day"}]}
            """, GraphApi.Json)!;
        var day = new DateOnly(2026, 11, 30);

        var record = InstagramInsightsStream.ToRecord(day, insights.Data)!;

        Assert.Equal("day:2026-11-30", record.ExternalId);
        Assert.Equal(day, record.Date);
        Assert.Equal(new Dictionary<string, double> { ["instagram.reach"] = 310, ["instagram.views"] = 702, ["instagram.profile_views"] = 12 }, record.Values);
        Assert.Null(InstagramInsightsStream.ToRecord(day, []));
    }

    [Fact]
    public void A_media_is_one_post_on_its_day_under_its_caption_with_its_lifetime_insights()
    {
        var media = JsonSerializer.Deserialize<InstagramMediaStream.Media>("""
            {"id":"17900000000000001","caption":"Pour-over Sunday","media_type":"IMAGE","media_product_type":"FEED",
             "timestamp":"2026-11-01T23:30:00+0000",
             "insights":{"data":[
               {"name":"reach","period":"lifetime","values":[{"value":840}]},
               {"name":"total_interactions","period":"lifetime","values":[{"value":57}]},
               {"name":"saved","period":"lifetime","values":[{"value":4}]}]}}
            """, GraphApi.Json)!;

        var record = InstagramMediaStream.ToRecord(media);

        Assert.Equal(new DateOnly(2026, 11, 1), record.Date);
        Assert.Equal("Pour-over Sunday", record.Dimension);
        Assert.Equal(new Dictionary<string, double>
        {
            ["instagram.posts"] = 1, ["instagram.media_reach"] = 840, ["instagram.media_interactions"] = 57, ["instagram.saved"] = 4,
        }, record.Values);
    }

    /// <summary>What a first sync of the sandbox Page's Instagram account stores per stream.</summary>
    internal static Dictionary<string, int> ExpectedCounts(SandboxAccount account)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var days = SandboxData.Days(account, today).ToList();
        // A record per day of the first sync's window that has data, and today's followers snapshot.
        return new Dictionary<string, int>
        {
            ["instagram_insights"] = days.Count(d => d > today.AddDays(-InstagramInsightsStream.FirstSyncDays)) + 1,
            ["instagram_media"] = days.Sum(d => InstagramSandboxData.MediaOn(account, d).Count),
        };
    }

    private Task<double> MetricAsync(ApiUser admin, string metric) =>
        app.InWorkspaceAsync(admin, db => db.DailyMetrics.Where(m => m.Metric == metric && m.Dimension == "").SumAsync(m => m.Value));

    // The connection now reads another Page with the same token, as a reconnect with another Page id would.
    private Task<int> UsePageAsync(ApiUser admin, string pageId) =>
        app.InWorkspaceAsync(admin, async db =>
        {
            var protector = app.Services.GetRequiredService<CredentialProtector>();
            var connection = await db.Connections.SingleAsync(c => c.Provider == "social");
            var credentials = protector.Unprotect(connection.ProtectedCredentials).ToDictionary();
            credentials["pageId"] = pageId;
            connection.ProtectedCredentials = protector.Protect(credentials);
            return await db.SaveChangesAsync();
        });
}
