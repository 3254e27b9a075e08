using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkPipelines.Domain;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.Stripe;
using WorkPipelines.Domain.Connectors.Sync;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Sandbox;
using WorkPipelines.Sandbox.Stripe;

namespace WorkPipelines.Benchmarks;

/// <summary>
/// Scenario <c>sync</c>: the real Stripe connector (Stripe.net) reads N charges from the Stripe
/// sandbox over loopback HTTP through the real engine into SQLite; then, for the physical limit,
/// a plain prepared Microsoft.Data.Sqlite insert of the same rows, committed per 100 rows (as the
/// sync commits per page) and in one transaction.
/// </summary>
internal static class SyncBenchmark
{
    public static async Task RunAsync(int targetCharges)
    {
        var folder = Path.Combine(Path.GetTempPath(), "workpipelines-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
            builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration["ConnectionStrings:Work"] = $"Data Source={Path.Combine(folder, "work.db")}";
            builder.Services.AddWorkPipelinesDomain(builder.Configuration).AddSandbox();
            await using var app = builder.Build();
            await app.Services.InitializeDatabaseAsync();
            app.Services.UsePipelines();
            app.MapSandbox();
            await app.StartAsync();

            var (workspace, connectionId, charges) = await ConnectAsync(app.Services, targetCharges);
            Console.WriteLine($"Stripe sandbox account with {charges:N0} charges; syncing the charges stream…");

            var done = new TaskCompletionSource<RunEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var subscription = app.Services.GetRequiredService<RunEventBus>().Subscribe(e => { if (e.IsFinal) done.TrySetResult(e); });
            var clock = Stopwatch.StartNew();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<RunQueue>().EnqueueAsync(new PipelineRequest(workspace, SyncConnection.KindName)
                {
                    Payload = new SyncPayload(connectionId, "charges", StripeConnector.Key),
                });
            }
            var outcome = await done.Task.WaitAsync(TimeSpan.FromMinutes(20));
            clock.Stop();
            await using var check = app.Services.CreateAsyncScope();
            var synced = await check.ServiceProvider.GetRequiredService<WorkDbContext>().SourceRecords.IgnoreQueryFilters().CountAsync();

            var perPage = RawInsert(Path.Combine(folder, "raw-page.db"), charges, batch: 100);
            var single = RawInsert(Path.Combine(folder, "raw-one.db"), charges, batch: int.MaxValue);
            var rate = synced / clock.Elapsed.TotalSeconds;

            Console.WriteLine();
            Console.WriteLine($"{"what",-52} {"rows",10} {"seconds",9} {"rows/s",10}");
            Console.WriteLine($"{"sync: Stripe sandbox → engine → SQLite (" + outcome.Type + ")",-52} {synced,10:N0} {clock.Elapsed.TotalSeconds,9:N2} {rate,10:N0}");
            Console.WriteLine($"{"raw prepared insert, commit per 100 rows",-52} {charges,10:N0} {perPage.TotalSeconds,9:N2} {charges / perPage.TotalSeconds,10:N0}");
            Console.WriteLine($"{"raw prepared insert, one transaction",-52} {charges,10:N0} {single.TotalSeconds,9:N2} {charges / single.TotalSeconds,10:N0}");
            Console.WriteLine();
            Console.WriteLine($"sync rate = {rate / (charges / perPage.TotalSeconds):P0} of the per-page insert limit, {rate / (charges / single.TotalSeconds):P0} of the one-transaction limit");
            await SyncProfile.RunAsync(app.Services, connectionId);
            await app.StopAsync();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<(Guid Workspace, Guid Connection, int Charges)> ConnectAsync(IServiceProvider services, int targetCharges)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // Walk back from today until the days hold the target number of charges, then open that account.
        var seed = Random.Shared.Next();
        var sizing = new SandboxAccount { TokenHash = "sizing", Provider = StripeConnector.Key, Seed = seed, HistoryDays = 1, EndsOn = today };
        var (days, charges) = (0, 0);
        while (charges < targetCharges && days < 3650) charges += StripeSandboxData.Charges(sizing, today.AddDays(-days++)).Count;
        var account = await services.GetRequiredService<SandboxAccounts>().CreateAsync(StripeConnector.Key, historyDays: days, endsOn: today, seed: seed);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        var workspace = new Workspace { Name = "Benchmark" };
        db.Workspaces.Add(workspace);
        var connection = new Connection
        {
            WorkspaceId = workspace.Id,
            Provider = StripeConnector.Key,
            ProtectedCredentials = scope.ServiceProvider.GetRequiredService<CredentialProtector>().Protect(new Dictionary<string, string> { ["apiKey"] = account.Token! }),
            BaseUrl = services.GetRequiredService<SandboxAddress>().For(StripeConnector.Key),
            UsesSandbox = true,
            Schedule = SyncSchedule.Manual,
        };
        db.Connections.Add(connection);
        await db.SaveChangesAsync();
        return (workspace.Id, connection.Id, charges);
    }

    private static TimeSpan RawInsert(string file, int rows, int batch)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
                CREATE TABLE r (Id INTEGER PRIMARY KEY, WorkspaceId TEXT, ConnectionId TEXT, Stream TEXT, ExternalId TEXT, Date TEXT, Dimension TEXT, ValuesJson TEXT, SyncedAt INTEGER,
                    UNIQUE (ConnectionId, Stream, ExternalId));
                """;
            setup.ExecuteNonQuery();
        }
        var clock = Stopwatch.StartNew();
        var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO r (WorkspaceId, ConnectionId, Stream, ExternalId, Date, Dimension, ValuesJson, SyncedAt) VALUES ($w, $c, 'charges', $id, $d, '', $v, $t)";
        var w = insert.Parameters.AddWithValue("$w", Guid.NewGuid().ToString());
        var c = insert.Parameters.AddWithValue("$c", Guid.NewGuid().ToString());
        var id = insert.Parameters.AddWithValue("$id", "");
        var d = insert.Parameters.AddWithValue("$d", "2026-01-01");
        var v = insert.Parameters.AddWithValue("$v", "{\"revenue.gross\":42.5,\"orders.count\":1}");
        var t = insert.Parameters.AddWithValue("$t", DateTime.UtcNow.Ticks);
        insert.Transaction = transaction;
        insert.Prepare();
        for (var i = 0; i < rows; i++)
        {
            id.Value = $"ch_{i:x10}";
            insert.ExecuteNonQuery();
            if ((i + 1) % batch == 0)
            {
                transaction.Commit();
                transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
            }
        }
        transaction.Commit();
        return clock.Elapsed;
    }
}
