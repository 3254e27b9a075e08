using Npgsql;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Tests.Pipelines;

namespace WorkPipelines.Tests.Postgres;

/// <summary>
/// Real app processes on one throwaway PostgreSQL database (and, when asked, one Redis), as several
/// instances of a deployment run: started one after the other (the first applies the migrations),
/// all killed and the database dropped on dispose. Short leases so a killed instance's runs come back
/// within seconds.
/// </summary>
internal sealed class AppCluster : IAsyncDisposable
{
    public const int SlotsPerInstance = 4;

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

    /// <summary>Starts one more instance; <paramref name="settings"/> add to or override the defaults.</summary>
    public async Task<AppProcess> StartAsync(bool redis = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Work"] = Database,
            ["Pipelines:MaxConcurrentRuns"] = SlotsPerInstance.ToString(),
            ["Pipelines:LeaseDuration"] = "00:00:03",
            ["Pipelines:HeartbeatInterval"] = "00:00:00.5",
            ["Pipelines:SweepIntervalSeconds"] = "1",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (redis) all["ConnectionStrings:Redis"] = Redis;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        var app = await AppProcess.StartAsync("unused.db", all);
        _apps.Add(app);
        return app;
    }

    public async Task<long> CountAsync(string sql) => Convert.ToInt64((await ScalarsAsync<object>(sql)).Single());

    public async Task<List<T>> ScalarsAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        List<T> values = [];
        while (await reader.ReadAsync()) values.Add((T)reader.GetValue(0));
        return values;
    }

    /// <summary>The process id in a run's lease owner ("host:pid:suffix"), i.e. which instance executed it.</summary>
    public static int ProcessOf(string leaseOwner) => int.Parse(leaseOwner.Split(':')[1]);

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        await PostgresTestDatabase.DropAsync(Database);
    }
}
