using Microsoft.Data.Sqlite;
using Npgsql;

namespace WorkPipelines.Benchmarks;

/// <summary>A database engine a scenario can run on: SQLite always, PostgreSQL when a server is given.</summary>
internal sealed record BenchTarget(string Label, string? PostgresServer)
{
    /// <summary>The server the PostgreSQL half uses when <c>--postgres</c> is not given.</summary>
    public const string Variable = "WORKPIPELINES_BENCH_POSTGRES";

    public static readonly BenchTarget Sqlite = new("SQLite", null);

    public bool IsPostgres => PostgresServer is not null;

    /// <summary>SQLite, then PostgreSQL if <paramref name="postgresServer"/> (or the variable) names a server; else says how to add it.</summary>
    public static IReadOnlyList<BenchTarget> All(string? postgresServer)
    {
        var server = postgresServer ?? Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(server)) return [Sqlite, new BenchTarget("PostgreSQL", server)];
        Console.WriteLine($"PostgreSQL half SKIPPED: no server. Add --postgres \"Host=...;Username=...;Database=postgres\" or set {Variable}");
        Console.WriteLine("(the user must be allowed to create databases; each run creates its own and drops it at the end).");
        return [Sqlite];
    }

    /// <summary>
    /// A new, empty database for one run: a temp SQLite file, or a uniquely named PostgreSQL database created here
    /// (the app's migrations could create it, but EF logs the failed first connection as an error on the way).
    /// </summary>
    public async Task<BenchDatabase> CreateDatabaseAsync()
    {
        if (PostgresServer is not { } server) return BenchDatabase.NewSqlite(this);
        var database = new BenchDatabase(this, new NpgsqlConnectionStringBuilder(server) { Database = $"wp_bench_{Guid.NewGuid():N}" }.ToString(), folder: null);
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(database.ConnectionString).Database}\"", connection);
        await create.ExecuteNonQueryAsync();
        return database;
    }
}

/// <summary>
/// One run's database, empty until the app's migrations run (<c>InitializeDatabaseAsync</c>); dispose deletes the
/// SQLite folder or drops the PostgreSQL database.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string? _folder;

    internal BenchDatabase(BenchTarget target, string connectionString, string? folder) =>
        (Target, ConnectionString, _folder) = (target, connectionString, folder);

    public BenchTarget Target { get; }
    public string ConnectionString { get; }
    public bool IsPostgres => Target.IsPostgres;

    internal static BenchDatabase NewSqlite(BenchTarget target)
    {
        var folder = Path.Combine(Path.GetTempPath(), "workpipelines-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new BenchDatabase(target, $"Data Source={Path.Combine(folder, "work.db")}", folder);
    }

    /// <summary>The configuration keys the app reads to reach this database.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Database:Provider", IsPostgres ? "Postgres" : "Sqlite"),
        new("ConnectionStrings:Work", ConnectionString),
    ];

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
            return;
        }
        var database = new NpgsqlConnectionStringBuilder(ConnectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Target.PostgresServer);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
