using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Connectors.Sync;

/// <summary>
/// Saves one page: upserts its records by provider id and moves the stream's checkpoint, in one
/// short transaction, so a crash between pages loses nothing and a rerun duplicates nothing.
/// Uses one prepared INSERT … ON CONFLICT DO UPDATE (same SQL on SQLite and PostgreSQL): the
/// write path of a 100,000-record sync. Only the parameter values differ: SQLite stores ids as
/// upper-case text and dates as yyyy-MM-dd text, PostgreSQL has uuid and date columns.
/// </summary>
public sealed class RecordWriter(WorkDbContext db, TimeProvider time)
{
    public async Task SavePageAsync(Connection connection, StreamCheckpoint checkpoint, IReadOnlyList<ConnectorRecord> records, string? cursor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (records.Count > 0)
        {
            var dbTransaction = transaction.GetDbTransaction();
            await using var command = dbTransaction.Connection!.CreateCommand();
            command.Transaction = dbTransaction;
            command.CommandText = """
                INSERT INTO "SourceRecords" ("WorkspaceId", "ConnectionId", "Stream", "ExternalId", "Date", "Dimension", "ValuesJson", "SyncedAt")
                VALUES (@workspace, @connection, @stream, @id, @date, @dimension, @values, @synced)
                ON CONFLICT ("ConnectionId", "Stream", "ExternalId") DO UPDATE SET
                    "Date" = excluded."Date", "Dimension" = excluded."Dimension", "ValuesJson" = excluded."ValuesJson", "SyncedAt" = excluded."SyncedAt"
                """;
            var postgres = db.Database.IsNpgsql();
            Add(command, "@workspace", postgres ? connection.WorkspaceId : connection.WorkspaceId.ToString().ToUpperInvariant());
            Add(command, "@connection", postgres ? connection.Id : connection.Id.ToString().ToUpperInvariant());
            Add(command, "@stream", checkpoint.Stream);
            var id = Add(command, "@id", "");
            // Npgsql fixes each parameter's type at Prepare, so the placeholder already has the column's type.
            var date = Add(command, "@date", postgres ? DateOnly.MinValue : "");
            var dimension = Add(command, "@dimension", "");
            var values = Add(command, "@values", "");
            Add(command, "@synced", now.UtcTicks);
            await command.PrepareAsync(cancellationToken);
            foreach (var record in records)
            {
                id.Value = record.ExternalId;
                date.Value = postgres ? record.Date : record.Date.ToString("yyyy-MM-dd");
                dimension.Value = record.Dimension;
                values.Value = JsonSerializer.Serialize(record.Values);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        checkpoint.Cursor = cursor;
        checkpoint.RecordsSynced += records.Count;
        checkpoint.UpdatedAt = now;
        if (db.Entry(checkpoint).State == EntityState.Detached) db.StreamCheckpoints.Add(checkpoint);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
