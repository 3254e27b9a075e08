using Microsoft.EntityFrameworkCore;
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

        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.DuplicateDatabase)
        {
            // Several instances starting at once on a database that did not exist: another one created it between
            // our check and our CREATE DATABASE. It exists now; migrate into it (the migration lock orders the rest).
            logger.LogInformation("Another instance created the database first; applying migrations to it");
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // WAL lets readers run beside the single writer; it is a property of the file and persists.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        logger.LogInformation("Database ready ({Provider})", db.Database.ProviderName);
    }
}
