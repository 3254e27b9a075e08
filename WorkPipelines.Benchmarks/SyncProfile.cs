using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.Stripe;
using WorkPipelines.Domain.Connectors.Sync;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;

namespace WorkPipelines.Benchmarks;

/// <summary>
/// Where the time of a Stripe charges sync goes: each step of it measured alone, one after the other on one thread, over
/// the same charges the sync read. The steps: the sandbox answering over loopback HTTP (generating and serialising the
/// page, Kestrel, the client's handlers), Stripe.net turning a body into objects, our mapping of them into records, the
/// write (upsert + checkpoint + commit per page) of new rows and again as updates, and the rollups of the days touched.
/// A sync runs the read and the write side by side, so it costs about the larger of the two, plus the engine.
/// </summary>
internal static class SyncProfile
{
    public static async Task RunAsync(IServiceProvider services, Guid connectionId)
    {
        Connection source;
        await using (var scope = services.CreateAsyncScope())
            source = await scope.ServiceProvider.GetRequiredService<WorkDbContext>().Connections.IgnoreQueryFilters().AsNoTracking().FirstAsync(c => c.Id == connectionId);
        var session = services.GetRequiredService<ConnectionSessions>().Open(source);

        // 1. The sandbox and the HTTP transport: the requests Stripe.net makes, bodies read as text, nothing parsed.
        var bodies = new List<string>();
        var clock = BenchClock.StartNew();
        string? after = null;
        while (true)
        {
            var url = new Uri(session.BaseUrl, "v1/charges?limit=100&expand[0]=data.balance_transaction" + (after is null ? "" : "&starting_after=" + after));
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new("Bearer", session.Credential("apiKey"));
            using var response = await session.Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            bodies.Add(body);
            clock.Stop();
            using (var json = JsonDocument.Parse(body))
            {
                var data = json.RootElement.GetProperty("data");
                if (!json.RootElement.GetProperty("has_more").GetBoolean() || data.GetArrayLength() == 0) break;
                after = data[data.GetArrayLength() - 1].GetProperty("id").GetString();
            }
            clock.Start();
        }
        var http = (clock.Elapsed, clock.Cpu);

        // 2. Stripe.net alone: the same bodies through its request and JSON code, no network.
        var replay = new StripeClient(new StripeClientOptions { ApiKey = "sk_replay", HttpClient = new Replay(bodies) });
        var charges = new List<List<Charge>>();
        clock.Restart();
        for (var i = 0; i < bodies.Count; i++)
            charges.Add((await new ChargeService(replay).ListAsync(new ChargeListOptions { Limit = 100 })).Data);
        var parse = (clock.Elapsed, clock.Cpu);

        // 2b. For scale: the same bodies read by System.Text.Json alone, every field the mapping uses (a floor for any parser).
        clock.Restart();
        var floor = 0.0;
        foreach (var body in bodies)
        {
            using var json = JsonDocument.Parse(body);
            foreach (var charge in json.RootElement.GetProperty("data").EnumerateArray())
            {
                floor += charge.GetProperty("id").GetString()!.Length + charge.GetProperty("created").GetInt64() + charge.GetProperty("amount").GetInt64();
                _ = charge.GetProperty("status").GetString() + charge.GetProperty("currency").GetString();
                if (charge.GetProperty("balance_transaction") is { ValueKind: JsonValueKind.Object } settled)
                    floor += settled.GetProperty("amount").GetInt64() + settled.GetProperty("currency").GetString()!.Length;
            }
        }
        var jsonFloor = (clock.Elapsed, clock.Cpu);
        GC.KeepAlive(floor);

        // 3. Our mapping into records.
        clock.Restart();
        var pages = charges.Select(page => (IReadOnlyList<ConnectorRecord>)page.Select(StripeRecords.Charge).ToList()).ToList();
        var map = (clock.Elapsed, clock.Cpu);
        var rows = pages.Sum(p => p.Count);

        // 4. The write of every page into a second connection (of a second workspace: one per provider and workspace), first
        // as inserts, then the same rows again as updates.
        var second = new WorkPipelines.Domain.Workspaces.Workspace { Name = "Profile" };
        var target = new Connection { WorkspaceId = second.Id, Provider = StripeConnector.Key, ProtectedCredentials = source.ProtectedCredentials, BaseUrl = source.BaseUrl, UsesSandbox = true };
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
            db.Workspaces.Add(second);
            db.Connections.Add(target);
            await db.SaveChangesAsync();
        }
        // Each write step three times, the fastest kept: on a shared machine one pass can be slowed by anything else.
        var (insert, update, rollups) = ((TimeSpan.MaxValue, TimeSpan.Zero), (TimeSpan.MaxValue, TimeSpan.Zero), (TimeSpan.MaxValue, TimeSpan.Zero));
        for (var pass = 0; pass < 3; pass++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
            await db.SourceRecords.IgnoreQueryFilters().Where(r => r.ConnectionId == target.Id).ExecuteDeleteAsync();
            await db.StreamCheckpoints.IgnoreQueryFilters().Where(c => c.ConnectionId == target.Id).ExecuteDeleteAsync();
            insert = Fastest(insert, await WriteAsync(services, target, pages));
            update = Fastest(update, await WriteAsync(services, target, pages));

            // 5. The rollups of the days the pages touched; as a run does, the records are read through the workspace's query filter.
            await using var rollupScope = services.CreateAsyncScope();
            rollupScope.ServiceProvider.GetRequiredService<WorkPipelines.Domain.Workspaces.CurrentWorkspace>().Set(second.Id, second.Name, null, WorkPipelines.Domain.Workspaces.WorkspaceRole.Member);
            var days = pages.SelectMany(p => p.Select(r => r.Date)).ToHashSet();
            clock.Restart();
            await rollupScope.ServiceProvider.GetRequiredService<Rollups>().RecomputeAsync(target, days);
            rollups = Fastest(rollups, (clock.Elapsed, clock.Cpu));
        }

        Console.WriteLine();
        Console.WriteLine($"where the time goes, each step alone over the same {rows:N0} charges ({bodies.Count:N0} pages), one thread:");
        Console.WriteLine($"{"step",-52} {"seconds",9} {"µs/row",8} {"rows/s",10} {"CPU µs/row",11}");
        foreach (var (step, time) in new[]
                 {
                     ("sandbox + HTTP (generate, serialise, Kestrel, client)", http), ("Stripe.net: body → objects", parse), ("(for scale: System.Text.Json reading the same fields)", jsonFloor), ("mapping: objects → records", map),
                     ("write, new rows (best of 3)", insert), ("write, the same rows again: updates (best of 3)", update),
                     ("rollups of the days touched (best of 3)", rollups),
                 })
            Console.WriteLine($"{step,-52} {time.Item1.TotalSeconds,9:N2} {time.Item1.TotalMicroseconds / rows,8:N1} {rows / time.Item1.TotalSeconds,10:N0} {time.Item2.TotalMicroseconds / rows,11:N1}");
    }

    private static (TimeSpan, TimeSpan) Fastest((TimeSpan Wall, TimeSpan Cpu) a, (TimeSpan Wall, TimeSpan Cpu) b) => a.Wall <= b.Wall ? a : b;

    private static async Task<(TimeSpan, TimeSpan)> WriteAsync(IServiceProvider services, Connection connection, List<IReadOnlyList<ConnectorRecord>> pages)
    {
        await using var scope = services.CreateAsyncScope();
        var writer = scope.ServiceProvider.GetRequiredService<RecordWriter>();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        // As the sync does: one open connection throughout.
        await db.Database.OpenConnectionAsync();
        var checkpoint = await db.StreamCheckpoints.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(c => c.ConnectionId == connection.Id && c.Stream == "charges")
            ?? new StreamCheckpoint { WorkspaceId = connection.WorkspaceId, ConnectionId = connection.Id, Stream = "charges" };
        var clock = BenchClock.StartNew();
        for (var i = 0; i < pages.Count; i++)
            await writer.SavePageAsync(connection, checkpoint, pages[i], $"{{\"page\":{i}}}", CancellationToken.None);
        return (clock.Elapsed, clock.Cpu);
    }

    /// <summary>Answers Stripe.net's requests with the bodies the sandbox sent, in order.</summary>
    private sealed class Replay(List<string> bodies) : IHttpClient
    {
        private int _next;

        public Task<StripeResponse> MakeRequestAsync(StripeRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(new StripeResponse(HttpStatusCode.OK, null, bodies[_next++]));

        public Task<StripeStreamedResponse> MakeStreamingRequestAsync(StripeRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
