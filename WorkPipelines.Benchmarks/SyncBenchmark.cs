using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkPipelines.Domain;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.Ga4;
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
    public static async Task RunAsync(int targetCharges, int latencyDays)
    {
        var folder = Path.Combine(Path.GetTempPath(), "workpipelines-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var app = await StartAsync(Path.Combine(folder, "work.db"), maxStreamsSideBySide: null);

            var (workspace, connectionId, charges, _) = await ConnectAsync(app.Services, targetCharges);
            Console.WriteLine($"Stripe sandbox account with {charges:N0} charges; syncing the charges stream…");
            var (outcome, elapsed, synced, cpu) = await SyncAsync(app.Services, workspace, connectionId, StripeConnector.Key, "charges");
            // The same again in the same process, as an app that has synced before does: JIT and serializer metadata are warm.
            var (workspace2, connectionId2, charges2, _) = await ConnectAsync(app.Services, targetCharges);
            var (outcome2, elapsed2, synced2, cpu2) = await SyncAsync(app.Services, workspace2, connectionId2, StripeConnector.Key, "charges");

            var perPage = RawInsert(Path.Combine(folder, "raw-page.db"), charges, batch: 100);
            var single = RawInsert(Path.Combine(folder, "raw-one.db"), charges, batch: int.MaxValue);
            var rate = synced / elapsed.TotalSeconds;

            Console.WriteLine();
            Console.WriteLine($"{"what",-52} {"rows",10} {"seconds",9} {"rows/s",10} {"CPU µs/row",11}");
            Console.WriteLine($"{"sync: Stripe sandbox → engine → SQLite (" + outcome.Type + ")",-52} {synced,10:N0} {elapsed.TotalSeconds,9:N2} {rate,10:N0} {cpu.TotalMicroseconds / synced,11:N1}");
            Console.WriteLine($"{"the same, the process's second sync (" + outcome2.Type + ")",-52} {synced2,10:N0} {elapsed2.TotalSeconds,9:N2} {synced2 / elapsed2.TotalSeconds,10:N0} {cpu2.TotalMicroseconds / synced2,11:N1}");
            Console.WriteLine($"{"raw prepared insert, commit per 100 rows",-52} {charges,10:N0} {perPage.Elapsed.TotalSeconds,9:N2} {charges / perPage.Elapsed.TotalSeconds,10:N0} {perPage.Cpu.TotalMicroseconds / charges,11:N1}");
            Console.WriteLine($"{"raw prepared insert, one transaction",-52} {charges,10:N0} {single.Elapsed.TotalSeconds,9:N2} {charges / single.Elapsed.TotalSeconds,10:N0} {single.Cpu.TotalMicroseconds / charges,11:N1}");
            Console.WriteLine();
            Console.WriteLine($"sync rate = {rate / (charges / perPage.Elapsed.TotalSeconds):P0} of the per-page insert limit, {rate / (charges / single.Elapsed.TotalSeconds):P0} of the one-transaction limit");
            await SyncProfile.RunAsync(app.Services, connectionId);
            await app.StopAsync();

            await LatencyAsync(folder, latencyDays);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Every stream of a Stripe account and of a GA4 property whose sandbox answers each request 100 ms late (as a provider
    /// across the internet does), once with the streams one after the other (<c>Connectors:MaxStreamsSideBySide</c> = 1) and
    /// once side by side as the connector allows; each on a new database.
    /// </summary>
    private static async Task LatencyAsync(string folder, int days)
    {
        const int latency = 100;
        Console.WriteLine();
        Console.WriteLine($"every stream, the sandbox {latency} ms late per request, {days:N0} days of history:");
        Console.WriteLine($"{"provider, streams",-52} {"rows",10} {"seconds",9} {"rows/s",10}");
        foreach (var (provider, sideBySide) in new[] { (StripeConnector.Key, new StripeConnector().StreamsSideBySide), (Ga4Connector.Key, new Ga4Connector().StreamsSideBySide) })
        {
            foreach (var (title, width) in new[] { ("one after the other", (int?)1), ($"side by side ({sideBySide} at most)", null) })
            {
                await using var app = await StartAsync(Path.Combine(folder, $"latency-{provider}-{width ?? 0}.db"), width);
                var (workspace, connectionId) = await ConnectSandboxAsync(app.Services, provider, days, new SandboxFaults(LatencyMs: latency));
                await Task.Delay(SandboxAccounts.CacheFor + TimeSpan.FromMilliseconds(100)); // the sandbox's account cache sees the latency
                var started = DateTimeOffset.UtcNow;
                var (outcome, elapsed, rows, _) = await SyncAsync(app.Services, workspace, connectionId, provider, stream: null);
                // When each stream wrote its last page: the longest stream bounds the sync once streams overlap.
                await using var scope = app.Services.CreateAsyncScope();
                var streams = await scope.ServiceProvider.GetRequiredService<WorkDbContext>().StreamCheckpoints.IgnoreQueryFilters()
                    .Where(c => c.ConnectionId == connectionId).Select(c => new { c.Stream, c.UpdatedAt, c.RecordsSynced }).ToListAsync();
                var ends = string.Join(", ", streams.OrderBy(c => c.UpdatedAt).Select(c => $"{c.Stream} {c.RecordsSynced:N0} rows by {(c.UpdatedAt - started).TotalSeconds:N1} s"));
                Console.WriteLine($"{$"{provider}, {title} ({outcome.Type})",-52} {rows,10:N0} {elapsed.TotalSeconds,9:N2} {rows / elapsed.TotalSeconds,10:N0}   {ends}");
                await app.StopAsync();
            }
        }
    }

    /// <summary>A workspace with a sandbox connection of <paramref name="provider"/>, made as the app makes one (its account's data drawn at random).</summary>
    private static async Task<(Guid Workspace, Guid Connection)> ConnectSandboxAsync(IServiceProvider services, string provider, int days, SandboxFaults faults)
    {
        var credentials = await services.GetRequiredService<ISandbox>().CreateAccountAsync(ProviderCatalog.Find(provider)!, days, faults);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        var workspace = new Workspace { Name = "Latency" };
        db.Workspaces.Add(workspace);
        var connection = new Connection
        {
            WorkspaceId = workspace.Id,
            Provider = provider,
            ProtectedCredentials = scope.ServiceProvider.GetRequiredService<CredentialProtector>().Protect(credentials),
            BaseUrl = services.GetRequiredService<SandboxAddress>().For(provider),
            UsesSandbox = true,
            Schedule = SyncSchedule.Manual,
        };
        db.Connections.Add(connection);
        await db.SaveChangesAsync();
        return (workspace.Id, connection.Id);
    }

    private static async Task<WebApplication> StartAsync(string database, int? maxStreamsSideBySide)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["ConnectionStrings:Work"] = $"Data Source={database}";
        if (maxStreamsSideBySide is { } width) builder.Configuration["Connectors:MaxStreamsSideBySide"] = width.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Services.AddWorkPipelinesDomain(builder.Configuration).AddSandbox();
        var app = builder.Build();
        await app.Services.InitializeDatabaseAsync();
        app.Services.UsePipelines();
        app.MapSandbox();
        await app.StartAsync();
        return app;
    }

    /// <summary>Queues a sync of the connection (one stream, or all) through the engine and waits for it: its outcome, time and the rows stored.</summary>
    private static async Task<(RunEvent Outcome, TimeSpan Elapsed, int Rows, TimeSpan Cpu)> SyncAsync(IServiceProvider services, Guid workspace, Guid connectionId, string provider, string? stream)
    {
        var done = new TaskCompletionSource<RunEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = services.GetRequiredService<RunEventBus>().Subscribe(e => { if (e.IsFinal) done.TrySetResult(e); });
        var clock = BenchClock.StartNew();
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RunQueue>().EnqueueAsync(new PipelineRequest(workspace, SyncConnection.KindName)
            {
                Payload = new SyncPayload(connectionId, stream, provider),
            });
        }
        var outcome = await done.Task.WaitAsync(TimeSpan.FromMinutes(20));
        clock.Stop();
        await using var check = services.CreateAsyncScope();
        var rows = await check.ServiceProvider.GetRequiredService<WorkDbContext>().SourceRecords.IgnoreQueryFilters().CountAsync(r => r.ConnectionId == connectionId);
        return (outcome, clock.Elapsed, rows, clock.Cpu);
    }

    private static async Task<(Guid Workspace, Guid Connection, int Charges, string Token)> ConnectAsync(IServiceProvider services, int targetCharges)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // Walk back from today until the days hold the target number of charges, then open that account.
        var accountSeed = Random.Shared.Next();
        var sizing = new SandboxAccount { TokenHash = "sizing", Provider = StripeConnector.Key, Seed = accountSeed, HistoryDays = 1, EndsOn = today };
        var (days, charges) = (0, 0);
        while (charges < targetCharges && days < 3650) charges += StripeSandboxData.Charges(sizing, today.AddDays(-days++)).Count;
        var account = await services.GetRequiredService<SandboxAccounts>().CreateAsync(StripeConnector.Key, historyDays: days, endsOn: today, seed: accountSeed);

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
        return (workspace.Id, connection.Id, charges, account.Token!);
    }

    private static BenchClock RawInsert(string file, int rows, int batch)
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
        var clock = BenchClock.StartNew();
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
        clock.Stop();
        return clock;
    }
}
