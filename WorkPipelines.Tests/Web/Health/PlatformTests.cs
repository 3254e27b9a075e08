using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Pipelines.SelfTest;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Health;

[Collection(AppCollection.Name)]
public sealed class PlatformTests(WorkAppFactory app)
{
    [Fact]
    public async Task Health_reports_the_database_healthy()
    {
        using var client = app.CreateAnonymousClient();

        var response = await client.GetAsync("health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", health.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Liveness_runs_no_checks_and_readiness_reports_database_and_engine_figures()
    {
        using var client = app.CreateAnonymousClient();

        using var live = JsonDocument.Parse(await client.GetStringAsync("health/live"));
        using var ready = JsonDocument.Parse(await client.GetStringAsync("health/ready"));

        Assert.Empty(live.RootElement.GetProperty("checks").EnumerateObject());
        var checks = ready.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        var engine = checks.GetProperty("engine").GetProperty("data");
        foreach (var figure in new[] { "queued", "running", "expiredLeases", "oldestQueuedSeconds", "slotsPerInstance" })
            Assert.True(engine.GetProperty(figure).GetDouble() >= 0, figure);
    }

    [Fact]
    public async Task Engine_check_is_degraded_while_a_run_holds_an_expired_lease()
    {
        var user = await ApiUser.RegisterAsync(app);
        var me = await user.MeAsync();
        var now = DateTimeOffset.UtcNow;
        // Leased for an hour in real time (the sweeper leaves it alone); the check looks two hours ahead.
        var run = new PipelineRun
        {
            WorkspaceId = me.Workspace.WorkspaceId, Kind = RunSelfTest.KindName, Status = PipelineRunStatus.Running, MaxAttempts = 1,
            Timeout = TimeSpan.FromMinutes(1), CreatedAt = now, NextAttemptAt = now, LeaseOwner = "gone", LeaseExpiresAt = now.AddHours(1),
        };
        await app.InWorkspaceAsync(user, db => { db.PipelineRuns.Add(run); return db.SaveChangesAsync(); });
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var check = ActivatorUtilities.CreateInstance<EngineHealthCheck>(scope.ServiceProvider, new ManualTimeProvider(now.AddHours(2)));

            var result = await check.CheckHealthAsync(new HealthCheckContext());

            Assert.Equal(HealthStatus.Degraded, result.Status);
            Assert.True((int)result.Data["expiredLeases"] >= 1);
            Assert.Contains("lost their worker", result.Description);
        }
        finally
        {
            await app.InWorkspaceAsync(user, db => db.PipelineRuns.Where(r => r.Id == run.Id).ExecuteDeleteAsync());
        }
    }

    [Fact]
    public async Task OpenApi_document_describes_the_work_and_auth_apis()
    {
        using var client = app.CreateAnonymousClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/work/me", paths);
        Assert.Contains("/api/work/workspace/members/{membershipId}", paths);
        Assert.Contains("/api/auth/login", paths);
    }

    [Fact]
    public async Task Unknown_api_route_answers_404_problem_not_a_page()
    {
        var user = await ApiUser.RegisterAsync(app);

        var response = await user.Client.GetAsync("api/work/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Database_file_is_in_wal_mode()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={app.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Front_end_assets_from_wwwroot_assets_are_served()
    {
        using var client = app.CreateAnonymousClient();

        var response = await client.GetAsync("lib/apexcharts/apexcharts.min.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ApexCharts", await response.Content.ReadAsStringAsync());
    }
}
