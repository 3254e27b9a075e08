using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WorkPipelines.Domain.Data;

/// <summary>
/// SQLite has one writer at a time: with the pipeline worker and web requests writing together,
/// a writer that finds the file locked should wait inside SQLite (fine-grained) rather than fail.
/// synchronous=NORMAL (per connection): in WAL mode a commit then needs no fsync; the file stays
/// consistent and a killed process loses nothing, only an OS crash or power loss can roll back the
/// newest commits. Per-commit fsync made every web write queue behind the worker's writes.
/// </summary>
internal sealed class SqliteBusyTimeoutInterceptor(int milliseconds = 5000) : DbConnectionInterceptor
{
    private readonly string _pragma = $"PRAGMA busy_timeout = {milliseconds}; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
