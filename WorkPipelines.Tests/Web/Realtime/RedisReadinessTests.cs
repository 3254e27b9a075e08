using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Realtime;

/// <summary>
/// Readiness with a Redis that is configured but not there: reported as degraded, while the instance keeps
/// answering (200, users served, dashboards from the in-memory cache). The healthy side is checked against a real Redis in CrossInstanceTests.
/// </summary>
public sealed class RedisReadinessTests(RedisReadinessTests.UnreachableRedisApp app) : IClassFixture<RedisReadinessTests.UnreachableRedisApp>
{
    public sealed class UnreachableRedisApp : WorkAppFactory
    {
        protected override IDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
        {
            // A port that was free a moment ago: nothing listens there.
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{AppProcess.FreeLoopbackPort()},connectTimeout=500",
        };
    }

    [Fact]
    public async Task Readiness_reports_an_unreachable_redis_as_degraded_and_the_instance_keeps_serving()
    {
        using var client = app.CreateAnonymousClient();

        using var response = await client.GetAsync("health/ready");
        using var ready = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var user = await ApiUser.RegisterAsync(app);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", ready.RootElement.GetProperty("status").GetString());
        var redis = ready.RootElement.GetProperty("checks").GetProperty("redis");
        Assert.Equal("Degraded", redis.GetProperty("status").GetString());
        Assert.Contains("Redis is not reachable", redis.GetProperty("description").GetString());
        Assert.Equal("Healthy", ready.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("api/work/me")).StatusCode);
    }

    [Fact]
    public async Task The_dashboard_keeps_answering_with_its_cache_in_memory_alone()
    {
        var user = await ApiUser.RegisterAsync(app);

        for (var view = 0; view < 2; view++)
        {
            var dashboard = await user.Client.GetFromJsonAsync<DashboardData>("api/work/dashboard/aggregate?period=7d", ApiUser.Json);
            Assert.All(dashboard!.Panels, p => Assert.Equal(PanelStatus.NotConnected, p.Status));
        }
    }
}
