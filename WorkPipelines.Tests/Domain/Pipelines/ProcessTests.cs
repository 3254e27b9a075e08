using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Pipelines;

/// <summary>
/// The real app in its own process, stopped the two ways an operating system stops it: SIGKILL
/// (crash, OOM killer) and SIGTERM (deploy, systemd, Docker). Short engine settings: lease 3 s,
/// heartbeat 0.5 s, sweep every 1 s. Deadlines are timeouts only; nothing measures speed.
/// One class, so the two tests run one after the other and do not fight over the two cores.
/// </summary>
public sealed class ProcessTests : IAsyncLifetime
{
    private const string Password = "Pipelines-2026!";
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "workpipelines-tests", Guid.NewGuid().ToString("N"));
    private readonly string _email = $"process-{Guid.NewGuid():N}@example.test";
    private readonly List<AppProcess> _apps = [];

    private string DatabasePath => Path.Combine(_folder, "work.db");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Killed_mid_run_the_run_is_claimed_again_after_its_lease_expires_and_completes()
    {
        var first = await StartAppAsync(gracePeriod: "00:00:02");
        var runId = await StartSelfTestAsync(await first.RegisterAsync(_email, Password), seconds: 6);
        await WaitForRunAsync(first, await first.SignInAsync(_email, Password), runId,
            r => r.Status == PipelineRunStatus.Running && r.ProgressPercent > 0, "Running with progress");

        await first.KillAsync();
        var stranded = await ReadRunAsync(runId);
        Assert.Equal(("Running", 1), (stranded.Status, stranded.Attempt)); // nothing ran on the way down

        var second = await StartAppAsync(gracePeriod: "00:00:02");
        var done = await WaitForRunAsync(second, await second.SignInAsync(_email, Password), runId,
            r => r.Status is PipelineRunStatus.Succeeded or PipelineRunStatus.Failed or PipelineRunStatus.Cancelled, "finished");

        Assert.Equal(PipelineRunStatus.Succeeded, done.Status);
        Assert.Equal(2, done.Attempt);
        Assert.Equal(100, done.ProgressPercent);
        Assert.Equal(0, await CountRunningAsync());
    }

    [Fact]
    public async Task Graceful_stop_returns_the_in_flight_run_to_the_queue_and_it_finishes_after_restart()
    {
        // Grace 1 s is shorter than the 8 s run, so the stop has to give the run back.
        var first = await StartAppAsync(gracePeriod: "00:00:01");
        var runId = await StartSelfTestAsync(await first.RegisterAsync(_email, Password), seconds: 8);
        await WaitForRunAsync(first, await first.SignInAsync(_email, Password), runId,
            r => r.Status == PipelineRunStatus.Running && r.ProgressPercent > 0, "Running with progress");

        await first.StopGracefullyAsync(TimeSpan.FromSeconds(30));
        Assert.True(first.ExitCode == 0, $"the app exited with {first.ExitCode} after SIGTERM; output:\n{first.Output}");

        var released = await ReadRunAsync(runId);
        Assert.Equal("Queued", released.Status);
        Assert.Equal(0, released.Attempt); // the interrupted attempt is given back, not counted as a failure
        Assert.Null(released.LeaseOwner);

        var second = await StartAppAsync(gracePeriod: "00:00:01");
        var done = await WaitForRunAsync(second, await second.SignInAsync(_email, Password), runId,
            r => r.Status is PipelineRunStatus.Succeeded or PipelineRunStatus.Failed or PipelineRunStatus.Cancelled, "finished");

        Assert.Equal(PipelineRunStatus.Succeeded, done.Status);
        Assert.Equal(1, done.Attempt);
        Assert.Equal(0, await CountRunningAsync());
    }

    private async Task<AppProcess> StartAppAsync(string gracePeriod)
    {
        var app = await AppProcess.StartAsync(DatabasePath, new Dictionary<string, string>
        {
            ["Pipelines:LeaseDuration"] = "00:00:03",
            ["Pipelines:HeartbeatInterval"] = "00:00:00.5",
            ["Pipelines:SweepIntervalSeconds"] = "1",
            ["Pipelines:GracePeriod"] = gracePeriod,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:WorkPipelines"] = "Information",
        });
        _apps.Add(app);
        return app;
    }

    private static async Task<Guid> StartSelfTestAsync(HttpClient client, int seconds)
    {
        using var response = await client.PostAsJsonAsync("api/work/pipelines/self-test", new { seconds, failFirstAttempts = 0 });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"self-test {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<RunView>(Json))!.Id;
    }

    /// <summary>Polls the API until the run satisfies <paramref name="condition"/>; fails with its last state and the app's output.</summary>
    private static async Task<RunView> WaitForRunAsync(AppProcess app, HttpClient client, Guid runId, Func<RunView, bool> condition, string expected)
    {
        var until = DateTime.UtcNow + RunDeadline;
        RunView? last = null;
        while (DateTime.UtcNow < until && !app.HasExited)
        {
            var detail = await client.GetFromJsonAsync<RunDetailView>($"api/work/pipelines/{runId}", Json);
            last = detail!.Run;
            if (condition(last)) return last;
            await Task.Delay(200);
        }
        Assert.Fail($"run {runId} was not {expected} in time (app exited: {app.HasExited}); last: {last}; app output:\n{app.Output}");
        return null!;
    }

    // Straight from the file, so the state after a stop is read with no app running.
    private async Task<(string Status, int Attempt, string? LeaseOwner)> ReadRunAsync(Guid runId)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Status", "Attempt", "LeaseOwner" FROM "PipelineRuns" WHERE upper("Id") = upper($id)""";
        command.Parameters.AddWithValue("$id", runId.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"run {runId} is not in the database");
        return (reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    private async Task<long> CountRunningAsync()
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT count(*) FROM "PipelineRuns" WHERE "Status" = 'Running'""";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<SqliteConnection> OpenDatabaseAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private sealed record RunView(Guid Id, PipelineRunStatus Status, int Attempt, int ProgressPercent, string? ErrorMessage);

    private sealed record RunDetailView(RunView Run);
}
