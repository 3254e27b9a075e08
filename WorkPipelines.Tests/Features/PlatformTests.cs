using System.Net;
using System.Text.Json;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Features;

[Collection(AppCollection.Name)]
public sealed class PlatformTests(WorkAppFactory app)
{
    [Fact]
    public async Task Health_reports_the_database_healthy()
    {
        using var client = app.CreateAnonymousClient();

        var response = await client.GetAsync("health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
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
