using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WorkPipelines.Domain.Data;

public static class DataSetup
{
    /// <summary>
    /// The database named by <c>Database:Provider</c>: <c>Sqlite</c> (default; <c>ConnectionStrings:Work</c> defaults to
    /// App_Data/workpipelines.db) or <c>Postgres</c> (<c>ConnectionStrings:Work</c> required). Services always ask for
    /// <see cref="WorkDbContext"/>; on PostgreSQL it is a <see cref="PostgresWorkDbContext"/> with its own migrations.
    /// </summary>
    /// <param name="contentRoot">Folder a relative SQLite path is resolved against (the app's content root), so the database does not move with the working directory.</param>
    public static IServiceCollection AddWorkDatabase(this IServiceCollection services, IConfiguration configuration, string? contentRoot = null)
    {
        var provider = configuration["Database:Provider"] is { Length: > 0 } name ? name : "Sqlite";
        var configured = configuration.GetConnectionString("Work");
        if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var sqlite = new SqliteConnectionStringBuilder(configured ?? "Data Source=App_Data/workpipelines.db");
            if (contentRoot is not null && sqlite.DataSource is { Length: > 0 } file && file != ":memory:" && !Path.IsPathRooted(file))
                sqlite.DataSource = Path.Combine(contentRoot, file);
            var connectionString = sqlite.ToString();
            services.TryAddSingleton<Pipelines.EngineWriteGate>();
            services.AddSingleton<SqliteWriteTurnInterceptor>();
            services.AddDbContext<WorkDbContext>((sp, options) => options.UseSqlite(connectionString)
                .AddInterceptors(new SqliteBusyTimeoutInterceptor(), sp.GetRequiredService<SqliteWriteTurnInterceptor>(), AfterCommitInterceptor.Instance),
                optionsLifetime: ServiceLifetime.Singleton);
        }
        else if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(configured))
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Work is empty; set it, e.g. Host=db;Database=workpipelines;Username=app;Password=...");
            services.AddDbContext<WorkDbContext, PostgresWorkDbContext>(options => options.UseNpgsql(configured).AddInterceptors(AfterCommitInterceptor.Instance),
                optionsLifetime: ServiceLifetime.Singleton);
        }
        else
        {
            throw new InvalidOperationException($"unknown Database:Provider '{provider}'; known: Sqlite, Postgres");
        }
        return services;
    }

    // The options are built once (singleton) with every interceptor in them, so a context (one per request, run and panel)
    // reuses them as they are: built per scope, or changed in OnConfiguring, they cost EF a new options object and a look-up
    // of its internal services on every context — contended on two cores in the engine's profile.
}
