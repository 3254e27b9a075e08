using Npgsql;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Tests.Pipelines;

namespace WorkPipelines.Tests.Postgres;

/// <summary>
/// Real app processes (<see cref="AppProcess"/>) sharing one fresh PostgreSQL database, and plain SQL against it
/// to see what they did. Disposing stops the processes and drops the database.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private readonly List<AppProcess> _apps = [];

    public string Database { get; } = PostgresTestDatabase.NewConnectionString();

    /// <summary>
    /// Starts one more instance. Start them one after the other: the first applies the migrations. Failed runs and
    /// provider calls are retried in milliseconds, as in <see cref="WorkAppFactory"/>; <paramref name="settings"/> win.
    /// </summary>
    public async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Work"] = Database,
            ["Pipelines:RetryBaseDelay"] = "00:00:00.200",
            ["Pipelines:RetryMaxDelay"] = "00:00:01",
            ["Connectors:Resilience:Retry:Delay"] = "00:00:00.050",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        var app = await AppProcess.StartAsync("unused.db", all);
        _apps.Add(app);
        return app;
    }

    /// <summary>The process id in a run's lease owner (<c>host:pid:nonce</c>).</summary>
    public static int ProcessOf(string leaseOwner) => int.Parse(leaseOwner.Split(':')[1]);

    /// <summary>
    /// Waits until no run is Queued or Running (a timeout only; nothing measures speed), and returns the processes
    /// seen holding each run's lease on the way: a finished run keeps no lease owner, so only watching tells.
    /// </summary>
    public async Task<Dictionary<Guid, HashSet<int>>> WatchUntilIdleAsync(TimeSpan deadline)
    {
        Dictionary<Guid, HashSet<int>> executors = [];
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            foreach (var row in await RowsAsync("""SELECT "Id", "LeaseOwner" FROM "PipelineRuns" WHERE "Status" = 'Running' AND "LeaseOwner" IS NOT NULL"""))
                (executors.TryGetValue((Guid)row[0], out var seen) ? seen : executors[(Guid)row[0]] = []).Add(ProcessOf((string)row[1]));
            if (await CountAsync("""SELECT count(*) FROM "PipelineRuns" WHERE "Status" IN ('Queued', 'Running')""") == 0) return executors;
            if (DateTime.UtcNow > until)
                Assert.Fail($"runs still open after {deadline}; " + string.Join("\n", _apps.Select(a => $"app {a.Id}:\n{a.Output}")));
            await Task.Delay(50);
        }
    }

    public async Task<long> CountAsync(string sql) => Convert.ToInt64((await RowsAsync(sql)).Single()[0]);

    public async Task<List<object[]>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        List<object[]> rows = [];
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        await PostgresTestDatabase.DropAsync(Database);
    }
}
