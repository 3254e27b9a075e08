using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Data;
using WorkPipelines.Tests.Domain.Pipelines;

namespace WorkPipelines.Tests.Domain.Data;

/// <summary>busy_timeout and synchronous are set once per physical SQLite connection, and hold on every open of it.</summary>
public sealed class SqliteConnectionPragmaTests : IAsyncLifetime
{
    private PipelineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineTestHost.CreateAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Pragmas_hold_on_reopened_and_on_new_physical_connections()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        var connection = (SqliteConnection)db.Database.GetDbConnection();

        for (var round = 0; round < 3; round++)
        {
            // The last round's open gets a new sqlite3 handle behind the same connection object: it needs the PRAGMAs again.
            if (round == 2) SqliteConnection.ClearPool(connection);
            await db.Database.OpenConnectionAsync();
            Assert.Equal(5000L, await ScalarAsync(connection, "PRAGMA busy_timeout"));
            Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA synchronous")); // NORMAL
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
