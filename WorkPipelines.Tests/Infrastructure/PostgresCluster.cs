using Npgsql;

namespace WorkPipelines.Tests.Infrastructure;

/// <summary>
/// Real app processes (<see cref="AppProcess"/>) sharing one fresh PostgreSQL database, and plain SQL against it
/// to see what they did. Disposing stops the processes and drops the database.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    public const int SlotsPerInstance = 4;

    /// <summary>Leases that expire within seconds, for tests that kill an instance and wait for the other to take over.</summary>
    public static readonly IReadOnlyDictionary<string, string> ShortLeases = new Dictionary<string, string>
    {
        ["Pipelines:MaxConcurrentRuns"] = SlotsPerInstance.ToString(),
        ["Pipelines:LeaseDuration"] = "00:00:03",
        ["Pipelines:HeartbeatInterval"] = "00:00:00.5",
        ["Pipelines:SweepIntervalSeconds"] = "1",
    };

    private readonly List<AppProcess> _apps = [];

    public string Database { get; } = PostgresTestDatabase.NewConnectionString();

    /// <summary>host:port of the Redis the test run started (.ci/run starts one on 127.0.0.1:63790).</summary>
    public static string Redis
    {
        get
        {
            var redis = Environment.GetEnvironmentVariable("WORKPIPELINES_TEST_REDIS");
            Assert.False(string.IsNullOrWhiteSpace(redis), "WORKPIPELINES_TEST_REDIS is not set (host:port of a Redis server; .ci/run starts one on 127.0.0.1:63790)");
            return redis;
        }
    }

    /// <summary>
    /// Starts one more instance, on the test Redis too when <paramref name="redis"/>. Start them one after the other:
    /// the first applies the migrations. Failed runs and provider calls are retried in milliseconds, as in
    /// <see cref="WorkAppFactory"/>; <paramref name="settings"/> win.
    /// </summary>
    public async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null, bool redis = false)
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
        if (redis) all["ConnectionStrings:Redis"] = Redis;
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

    /// <summary>The first column of every row.</summary>
    public async Task<List<T>> ScalarsAsync<T>(string sql) => (await RowsAsync(sql)).Select(row => (T)row[0]).ToList();

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
