using Npgsql;

namespace WorkPipelines.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database per fixture in the server named by <see cref="Variable"/> (the app's migrations create
/// it at start), dropped at dispose. PostgreSQL tests fail, never skip, when the variable is missing.
/// </summary>
internal static class PostgresTestDatabase
{
    public const string Variable = "WORKPIPELINES_TEST_POSTGRES";

    /// <summary>The server's connection string with a new, unique database name.</summary>
    public static string NewConnectionString()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
            throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL tests have no server. Start the throwaway one with " +
                $"`export {Variable}=\"$(deploy/pg-test.sh start)\"` (needs `apt-get install postgresql`); .ci/run does this.");
        return new NpgsqlConnectionStringBuilder(server) { Database = $"wp_test_{Guid.NewGuid():N}" }.ToString();
    }

    public static async Task DropAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = builder.Database!;
        NpgsqlConnection.ClearAllPools();
        builder.Database = "postgres";
        await using var connection = new NpgsqlConnection(builder.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
