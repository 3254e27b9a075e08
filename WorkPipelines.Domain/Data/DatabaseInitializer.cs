using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WorkPipelines.Domain.Data;

public static class DatabaseInitializer
{
    /// <summary>Creates the data folder, applies migrations and switches SQLite to WAL.</summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));

        if (db.Database.IsSqlite())
        {
            var file = db.Database.GetDbConnection().DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }

        // Data written by an older version brought up to date in the same turn as the schema (on PostgreSQL, under the lock).
        Func<Task> upgradeData = () => Metrics.MedianHistograms.BackfillAsync(services, logger, cancellationToken);
        if (db.Database.IsNpgsql()) await MigratePostgresAsync(db, logger, upgradeData, cancellationToken);
        else
        {
            await db.Database.MigrateAsync(cancellationToken);
            await upgradeData();
        }

        if (db.Database.IsSqlite())
        {
            // WAL lets readers run beside the single writer; it is a property of the file and persists.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        logger.LogInformation("Database ready ({Provider})", db.Database.ProviderName);
    }

    // Any fixed number: instances of this app agree on it, and nothing else takes advisory locks on this database.
    private const long MigrationLock = 0x57_50_4d_49_47_52_41_54; // "WPMIGRAT"

    /// <summary>
    /// Several instances starting at once (compose, a rolling upgrade) each find the same migrations pending. EF's own
    /// lock on PostgreSQL lasts one migration's transaction, so with two or more pending one instance could apply the
    /// second while another, past the first, applies it again ("column … already exists"). A session advisory lock around
    /// the whole of it lets one instance migrate while the others wait, then find nothing left to do.
    /// </summary>
    /// <remarks>
    /// The lock's session is unpooled and unlocks explicitly. A pooled one (the first attempt at this, reverted) kept the lock
    /// after "closing": Npgsql resets a pooled connection only when it is next used, so the other instances waited forever.
    /// </remarks>
    private static async Task MigratePostgresAsync(WorkDbContext db, ILogger logger, Func<Task> upgradeData, CancellationToken cancellationToken)
    {
        var creator = db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.DuplicateDatabase)
            {
                // Another instance created it between our check and our CREATE DATABASE; migrate into theirs.
                logger.LogInformation("Another instance created the database first; applying migrations to it");
            }
        }

        var unpooled = new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false };
        await using var session = new Npgsql.NpgsqlConnection(unpooled.ConnectionString);
        await session.OpenAsync(cancellationToken);
        await using (var take = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLock})", session))
            await take.ExecuteNonQueryAsync(cancellationToken);
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
            await upgradeData();
        }
        finally
        {
            await using var release = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLock})", session);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
