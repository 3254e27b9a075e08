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
            services.AddPooledDbContextFactory<WorkDbContext>((sp, options) => options.UseSqlite(connectionString)
                .AddInterceptors(new SqliteBusyTimeoutInterceptor(), sp.GetRequiredService<SqliteWriteTurnInterceptor>(), AfterCommitInterceptor.Instance));
            services.AddScoped(WorkDbContext.Rent<WorkDbContext>);
        }
        else if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(configured))
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Work is empty; set it, e.g. Host=db;Database=workpipelines;Username=app;Password=...");
            services.AddPooledDbContextFactory<PostgresWorkDbContext>(options => options.UseNpgsql(configured).AddInterceptors(AfterCommitInterceptor.Instance));
            services.AddScoped<WorkDbContext>(WorkDbContext.Rent<PostgresWorkDbContext>);
        }
        else
        {
            throw new InvalidOperationException($"unknown Database:Provider '{provider}'; known: Sqlite, Postgres");
        }
        return services;
    }

    // Contexts come from a pool (one per request, run, panel and enqueue): a new context builds its internal services on first
    // use, half of an enqueue's CPU in the engine benchmark's profile. The options are built once with every interceptor in them.
    // A pooled context gets its scope's workspace when it is rented (WorkDbContext.Rent); the tenant filters read it.
}
