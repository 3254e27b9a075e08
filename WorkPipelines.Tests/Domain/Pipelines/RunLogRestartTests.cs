using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Pipelines;

/// <summary>
/// What a run's log says after the app under it was killed (SIGKILL) or stopped (SIGTERM) and started again, read
/// through the API as the run page reads it. Real processes with short engine settings, as in <see cref="ProcessTests"/>;
/// on SQLite here and on PostgreSQL in <see cref="PostgresRunLogRestartTests"/>. Deadlines are timeouts only.
/// One collection for both databases, so the two classes do not run at once and fight over the cores.
/// </summary>
[Collection(Name)]
public class RunLogRestartTests : IAsyncLifetime
{
    public const string Name = "Run log across restarts";
    private const string Password = "Pipelines-2026!";
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "workpipelines-tests", Guid.NewGuid().ToString("N"));
    private readonly string _email = $"runlog-{Guid.NewGuid():N}@example.test";
    private readonly List<AppProcess> _apps = [];
    private PostgresCluster? _postgres;

    /// <summary>Runs every test of this class on PostgreSQL instead of SQLite.</summary>
    protected virtual bool OnPostgres => false;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        if (OnPostgres) _postgres = new PostgresCluster();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Lines_logged_before_a_kill_survive_it_and_the_rerun_is_logged_as_the_next_attempt()
    {
        var first = await StartAppAsync(gracePeriod: "00:00:02");
        var runId = await StartSelfTestAsync(await first.RegisterAsync(_email, Password), seconds: 6); // 12 steps; logs steps 1, 10, 12
        await WaitForRunAsync(first, await first.SignInAsync(_email, Password), runId,
            d => d.Run.Status == PipelineRunStatus.Running && d.Log.Any(l => l.Line == "step 1 of 12 done"), "Running with its first line logged");

        await first.KillAsync();

        var second = await StartAppAsync(gracePeriod: "00:00:02");
        var done = await WaitForRunAsync(second, await second.SignInAsync(_email, Password), runId, d => IsFinished(d.Run), "finished");

        Assert.Equal((PipelineRunStatus.Succeeded, 2), (done.Run.Status, done.Run.Attempt));
        var log = done.Log.Select(l => (l.Attempt, l.Line)).ToList();
        Assert.Equal((1, "step 1 of 12 done"), log[0]); // the killed attempt's line is still there
        var expired = log.FindIndex(l => l.Line.StartsWith("Lease expired", StringComparison.Ordinal));
        Assert.True(expired > 0, $"no line says the lease expired; log:\n{Show(log)}");
        Assert.Contains("stopped responding; queued to run again as attempt 2 of 3", log[expired].Line);
        Assert.All(log[..expired], l => Assert.Equal(1, l.Attempt));
        Assert.All(log[expired..], l => Assert.Equal(2, l.Attempt)); // the explanation opens the second attempt
        Assert.Equal((2, "step 12 of 12 done"), log[^1]);
    }

    [Fact]
    public async Task A_run_given_back_by_a_graceful_stop_is_logged_as_resumed_under_the_same_attempt()
    {
        // Grace 1 s is shorter than the 8 s run, so the stop has to give the run back.
        var first = await StartAppAsync(gracePeriod: "00:00:01");
        var runId = await StartSelfTestAsync(await first.RegisterAsync(_email, Password), seconds: 8); // 16 steps; logs steps 1, 10, 16
        await WaitForRunAsync(first, await first.SignInAsync(_email, Password), runId,
            d => d.Run.Status == PipelineRunStatus.Running && d.Log.Any(l => l.Line == "step 1 of 16 done"), "Running with its first line logged");

        await first.StopGracefullyAsync(TimeSpan.FromSeconds(30));
        Assert.True(first.ExitCode == 0, $"the app exited with {first.ExitCode} after SIGTERM; output:\n{first.Output}");

        var second = await StartAppAsync(gracePeriod: "00:00:01");
        var done = await WaitForRunAsync(second, await second.SignInAsync(_email, Password), runId, d => IsFinished(d.Run), "finished");

        // A stop does not use up an attempt, so both executions are attempt 1: the lines between them say what happened.
        Assert.Equal((PipelineRunStatus.Succeeded, 1), (done.Run.Status, done.Run.Attempt));
        var log = done.Log.Select(l => (l.Attempt, l.Line)).ToList();
        Assert.All(log, l => Assert.Equal(1, l.Attempt));
        var resumed = log.FindIndex(l => l.Line.StartsWith("Resumed", StringComparison.Ordinal));
        Assert.True(resumed > 0, $"no line says the run resumed; log:\n{Show(log)}");
        Assert.Equal("Resumed after the app stopped: attempt 1 runs again (a stop does not use up an attempt)", log[resumed].Line);
        Assert.Equal("step 1 of 16 done", log[0].Line);
        Assert.Equal("step 1 of 16 done", log[resumed + 1].Line);
        Assert.Equal("step 16 of 16 done", log[^1].Line);
    }

    private static bool IsFinished(RunView run) => run.Status is PipelineRunStatus.Succeeded or PipelineRunStatus.Failed or PipelineRunStatus.Cancelled;

    private static string Show(IEnumerable<(int Attempt, string Line)> log) => string.Join('\n', log.Select(l => $"#{l.Attempt} {l.Line}"));

    private async Task<AppProcess> StartAppAsync(string gracePeriod)
    {
        var settings = new Dictionary<string, string>
        {
            ["Pipelines:LeaseDuration"] = "00:00:03",
            ["Pipelines:HeartbeatInterval"] = "00:00:00.5",
            ["Pipelines:SweepIntervalSeconds"] = "1",
            ["Pipelines:GracePeriod"] = gracePeriod,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:WorkPipelines"] = "Information",
        };
        if (_postgres is not null) return await _postgres.StartAsync(settings); // the cluster disposes its apps
        var app = await AppProcess.StartAsync(Path.Combine(_folder, "work.db"), settings);
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
    private static async Task<RunDetailView> WaitForRunAsync(AppProcess app, HttpClient client, Guid runId, Func<RunDetailView, bool> condition, string expected)
    {
        var until = DateTime.UtcNow + RunDeadline;
        RunDetailView? last = null;
        while (DateTime.UtcNow < until && !app.HasExited)
        {
            last = await client.GetFromJsonAsync<RunDetailView>($"api/work/pipelines/{runId}", Json);
            if (condition(last!)) return last!;
            await Task.Delay(100);
        }
        Assert.Fail($"run {runId} was not {expected} in time (app exited: {app.HasExited}); last: {last?.Run}; log:\n" +
                    $"{(last is null ? "" : Show(last.Log.Select(l => (l.Attempt, l.Line))))}\napp output:\n{app.Output}");
        return null!;
    }

    public async Task DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync();
        foreach (var app in _apps) await app.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private sealed record RunView(Guid Id, PipelineRunStatus Status, int Attempt, int ProgressPercent, string? ErrorMessage);

    private sealed record LogLineView(int Attempt, int Sequence, string Line);

    private sealed record RunDetailView(RunView Run, IReadOnlyList<LogLineView> Log);
}

/// <summary><see cref="RunLogRestartTests"/> with the app processes on PostgreSQL.</summary>
[Collection(Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresRunLogRestartTests : RunLogRestartTests
{
    protected override bool OnPostgres => true;
}
