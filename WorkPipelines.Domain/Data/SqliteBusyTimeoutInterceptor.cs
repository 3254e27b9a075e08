using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WorkPipelines.Domain.Data;

/// <summary>
/// SQLite has one writer at a time: with the pipeline worker and web requests writing together,
/// a writer that finds the file locked should wait inside SQLite (fine-grained) rather than fail.
/// synchronous=NORMAL (per connection): in WAL mode a commit then needs no fsync; the file stays
/// consistent and a killed process loses nothing, only an OS crash or power loss can roll back the
/// newest commits. Per-commit fsync made every web write queue behind the worker's writes.
/// Both settings belong to the physical connection (the sqlite3 handle), which the pool keeps
/// across opens, so they are set once per handle, not on every open (a round trip per scope).
/// </summary>
internal sealed class SqliteBusyTimeoutInterceptor(int milliseconds = 5000) : DbConnectionInterceptor
{
    // Keyed on the pooled handle: a handle the pool discards is collected and its entry with it.
    private static readonly ConditionalWeakTable<object, object> Prepared = new();
    private static readonly object Marker = new();

    private readonly string _pragma = $"PRAGMA busy_timeout = {milliseconds}; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!NeedsPragmas(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        command.ExecuteNonQuery();
        MarkPrepared(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!NeedsPragmas(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
        MarkPrepared(connection);
    }

    private static bool NeedsPragmas(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || !Prepared.TryGetValue(handle, out _);

    private static void MarkPrepared(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle }) Prepared.AddOrUpdate(handle, Marker);
    }
}
