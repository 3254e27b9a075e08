using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using WorkPipelines.Domain;
using WorkPipelines.Domain.Data;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Data;

/// <summary>
/// Start-up of several instances on one PostgreSQL database, as `docker compose up` starts them: every instance
/// applies the migrations at start, on an empty database or on none at all.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresDatabaseInitializerTests
{
    // Exists: as compose starts them (the postgres image creates the database). Missing: each instance creates it
    // at start, and those that lose the race on CREATE DATABASE must migrate into the winner's.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Instances_starting_together_all_start_and_migrate_the_database_once(bool databaseExists)
    {
        var connectionString = PostgresTestDatabase.NewConnectionString();
        if (databaseExists) await CreateEmptyDatabaseAsync(connectionString);
        var hosts = Enumerable.Range(0, 6).Select(_ => Build(connectionString)).ToList();
        try
        {
            // All at once: each finds no history table and wants to apply every migration; EF's migration lock must let
            // one do it and the others find nothing left. EF's model and migrations are built first, or building them
            // staggers the instances enough to hide the race.
            using var start = new Barrier(hosts.Count);
            await Task.WhenAll(hosts.Select(host => Task.Run(async () =>
            {
                await using (var warm = host.Services.CreateAsyncScope())
                    _ = warm.ServiceProvider.GetRequiredService<WorkDbContext>().Database.GetMigrations().ToList();
                start.SignalAndWait();
                await host.Services.InitializeDatabaseAsync();
            })));

            await using var scope = hosts[0].Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        }
        finally
        {
            foreach (var host in hosts) host.Dispose();
            await PostgresTestDatabase.DropAsync(connectionString);
        }
    }

    private static async Task CreateEmptyDatabaseAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var server = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresTestDatabase.Variable));
        await server.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", server);
        await create.ExecuteNonQueryAsync();
    }

    private static IHost Build(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Configuration["Database:Provider"] = "Postgres";
        builder.Configuration["ConnectionStrings:Work"] = connectionString;
        builder.Services.AddWorkPipelinesDomain(builder.Configuration);
        return builder.Build();
    }
}
