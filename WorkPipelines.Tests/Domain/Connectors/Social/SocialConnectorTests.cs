using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.Graph;
using WorkPipelines.Domain.Connectors.Social;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Sandbox;
using WorkPipelines.Sandbox.Social;
using WorkPipelines.Tests.Domain.Connectors.Graph;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Social;

[Collection(GraphConnectorsCollection.Name)]
public sealed class SocialConnectorTests(GraphConnectorsApp app)
{
    private const string PageId = "1000000002";

    [Fact]
    public async Task Social_sandbox_syncs_page_days_and_posts_exactly_and_a_rerun_adds_no_duplicates()
    {
        var admin = await ApiUser.RegisterAsync(app, "social");
        await admin.ConnectSandboxAsync("social", historyDays: 20);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "social");
        var expected = Expected(account);

        var first = await CountsAsync(admin);
        var rerun = await admin.SyncAndWaitAsync("social");
        var second = await CountsAsync(admin);
        var reach = await MetricAsync(admin, "social.reach");
        var postReach = await MetricAsync(admin, "posts.reach");
        var postEngagements = await MetricAsync(admin, "posts.engagements");
        var posts = await MetricAsync(admin, "social.posts");
        var lastDay = expected.Days[^1];
        var followers = await app.InWorkspaceAsync(admin, db => db.DailyMetrics
            .Where(m => m.Metric == "social.followers" && m.Dimension == "" && m.Date == lastDay.Day).SumAsync(m => m.Value));
        var connector = await admin.ConnectorAsync("social");

        Assert.Equal(PipelineRunStatus.Succeeded, rerun.Run.Status);
        Assert.Equal(expected.Counts, first);
        Assert.Equal(first, second);
        Assert.Equal(expected.Days.Sum(d => d.Reach), reach);
        Assert.Equal(expected.Posts.Sum(p => p.Reach), postReach);
        Assert.Equal(expected.Posts.Sum(p => p.Engagements), postEngagements);
        Assert.Equal(expected.Posts.Count, posts);
        // A snapshot: the day's value is the page's follower count that day, not a sum of anything.
        Assert.Equal(lastDay.Fans, followers);
        Assert.Equal("Healthy", connector.State);
    }

    [Fact]
    public async Task A_social_sync_failing_at_page_k_resumes_from_its_checkpoint_without_duplicates()
    {
        var admin = await ApiUser.RegisterAsync(app, "social-resume");
        await admin.ConnectSandboxAsync("social", historyDays: 200);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "social");
        await app.InWorkspaceAsync(admin, async db =>
        {
            await db.SourceRecords.ExecuteDeleteAsync();
            return await db.StreamCheckpoints.ExecuteDeleteAsync();
        });
        // Windows 1-5 of the two-year lookback are empty, 6 has the first days: fail from window 7 on.
        await admin.SetFaultsAsync("social", new { failAfterRequests = 6, failNextRequests = 8 });

        var run = await admin.SyncAndWaitAsync("social");
        var counts = await CountsAsync(admin);

        Assert.True(run.Run.Status == PipelineRunStatus.Succeeded, $"{run.Run.Status} at attempt {run.Run.Attempt}: {run.Run.ErrorMessage}");
        Assert.True(run.Run.Attempt > 1, $"expected a retried run, got attempt {run.Run.Attempt}");
        Assert.Equal(Expected(account).Counts, counts);
    }

    [Fact]
    public async Task An_expired_page_token_marks_the_connection_needs_reconnect_and_fails_at_once()
    {
        var admin = await ApiUser.RegisterAsync(app, "social-expired");
        await admin.ConnectSandboxAsync("social", historyDays: 3);
        await admin.WaitForIdleAsync();
        await admin.SetFaultsAsync("social", new { tokenExpired = true });

        var run = await admin.SyncAndWaitAsync("social");
        var connector = await admin.ConnectorAsync("social");

        ConnectorTestSteps.AssertFailedAtOnceNeedingReconnect(run, connector);
    }

    [Fact]
    public async Task Social_rate_limits_and_errors_are_absorbed_and_the_counts_stay_exact()
    {
        var admin = await ApiUser.RegisterAsync(app, "social-storm");
        await admin.ConnectSandboxAsync("social", historyDays: 15);
        await admin.WaitForIdleAsync();
        var account = await app.SandboxAccountAsync(admin, "social");
        await app.InWorkspaceAsync(admin, db => db.StreamCheckpoints.ExecuteDeleteAsync());
        await admin.SetFaultsAsync("social", new { errorRate = 0.2, rateLimitRate = 0.2 });

        var run = await admin.SyncAndWaitAsync("social");
        var counts = await CountsAsync(admin);

        Assert.True(run.Run.Status == PipelineRunStatus.Succeeded, $"{run.Run.Status} at attempt {run.Run.Attempt}: {run.Run.ErrorMessage}");
        Assert.Equal(Expected(account).Counts, counts);
    }

    // Graph fails the whole call for a removed metric; the sandbox must too, or a connector asking for one would pass here.
    [Theory]
    [InlineData("insights?metric=page_total_media_view_unique,page_fans&period=day")]
    [InlineData("insights?metric=page_impressions_unique&period=day")]
    [InlineData("published_posts?fields=id,insights.metric(post_impressions_unique)")]
    [InlineData("published_posts?fields=id,insights.metric(post_engaged_users)")]
    public async Task The_sandbox_answers_a_removed_page_metric_as_graph_does(string pathAndQuery)
    {
        var admin = await ApiUser.RegisterAsync(app, "social-removed");
        await admin.ConnectSandboxAsync("social", historyDays: 3);
        await admin.WaitForIdleAsync();
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"sandbox/social/{ApiVersions.MetaGraph.Version}/{PageId}/{pathAndQuery}");
        request.Headers.Authorization = new("Bearer", await app.SandboxTokenAsync(admin, "social"));

        using var response = await client.SendAsync(request);
        var error = GraphError.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(100, error?.Code);
        Assert.Contains("valid insights metric", error!.Message);
    }

    [Fact]
    public void A_posts_engagement_is_its_reactions_of_every_type_plus_its_clicks()
    {
        var insights = System.Text.Json.JsonSerializer.Deserialize<SocialPostsStream.PostInsights>("""
            {"data":[
              {"name":"post_total_media_view_unique","period":"lifetime","values":[{"value":840}]},
              {"name":"post_reactions_by_type_total","period":"lifetime","values":[{"value":{"like":12,"love":3}}]},
              {"name":"post_clicks","period":"lifetime","values":[{"value":7}]}]}
            """, GraphApi.Json);
        var post = new SocialPostsStream.Post("1_2", "hi", "2026-11-01T10:00:00+0000", insights);

        var record = SocialPostsStream.ToRecord(post);

        Assert.Equal(840, record.Values["posts.reach"]);
        Assert.Equal(22, record.Values["posts.engagements"]);
    }

    [Theory]
    [InlineData(null, "(no text)")]
    [InlineData("  Short\n\nnote ", "Short note")]
    [InlineData("New roast just landed: Ethiopia Guji, notes of blueberry and jasmine. Limited batch", "New roast just landed: Ethiopia Guji, notes of blueberry…")]
    [InlineData("Supercalifragilisticexpialidocious-and-then-some-more-letters-without-any-space", "Supercalifragilisticexpialidocious-and-then-some-more-lette…")]
    public void A_post_is_one_post_on_its_day_under_the_start_of_its_message(string? message, string dimension)
    {
        var post = new SocialPostsStream.Post("1_2", message, "2026-11-01T23:30:00+0000", null);

        var record = SocialPostsStream.ToRecord(post);

        Assert.Equal(dimension, record.Dimension);
        Assert.Equal(new DateOnly(2026, 11, 1), record.Date);
        Assert.Equal(1, record.Values["social.posts"]);
        Assert.Equal(0, record.Values["posts.reach"]);
    }

    private Task<Dictionary<string, int>> CountsAsync(ApiUser admin) =>
        app.InWorkspaceAsync(admin, db => db.SourceRecords.GroupBy(r => r.Stream).ToDictionaryAsync(g => g.Key, g => g.Count()));

    private Task<double> MetricAsync(ApiUser admin, string metric) =>
        app.InWorkspaceAsync(admin, db => db.DailyMetrics.Where(m => m.Metric == metric && m.Dimension == "").SumAsync(m => m.Value));

    private static (Dictionary<string, int> Counts, List<SocialSandboxData.PageDay> Days, List<SocialSandboxData.Post> Posts) Expected(SandboxAccount account)
    {
        var days = SandboxData.Days(account, DateOnly.FromDateTime(DateTime.UtcNow)).ToList();
        var posts = days.SelectMany(d => SocialSandboxData.Posts(account, PageId, d)).ToList();
        var counts = new Dictionary<string, int> { ["page_insights"] = days.Count, ["posts"] = posts.Count };
        foreach (var (stream, count) in InstagramConnectorTests.ExpectedCounts(account)) counts[stream] = count;
        return (counts.Where(kv => kv.Value > 0).ToDictionary(), days.Select(d => SocialSandboxData.Day(account, d)).ToList(), posts);
    }
}
