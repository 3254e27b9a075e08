using System.Net;
using System.Net.Http.Json;
using WorkPipelines.Benchmarks;
using Xunit.Abstractions;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Api;

/// <summary>
/// The load run on two app processes over one PostgreSQL database: half the API clients on each instance, reading
/// dashboards and runs, asking for syncs and starting runs that either instance executes. No answer may be a 5xx and
/// no request may fail in transport. Latency (p50/p95/p99) goes to the test output; it is never asserted.
/// CI: 10 clients for 10 s; WORKPIPELINES_LOAD_CLIENTS and WORKPIPELINES_LOAD_SECONDS for the full run (50 × 60).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class TwoInstanceLoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "Load-Password-1!";
    private static readonly string[] Providers = ["stripe", "shopify", "ga4", "meta", "social", "mailchimp", "zendesk"];

    private readonly PostgresCluster _cluster = new();

    private static int Clients => Setting("WORKPIPELINES_LOAD_CLIENTS", 10);

    private static int Seconds => Setting("WORKPIPELINES_LOAD_SECONDS", 10);

    private static int Setting(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var n) && n > 0 ? n : fallback;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Clients_split_over_two_instances_get_no_server_errors_while_both_execute_syncs_and_runs()
    {
        var a = await _cluster.StartAsync();
        var b = await _cluster.StartAsync();
        var email = $"load-{Guid.NewGuid():N}@example.test";
        using var onA = await a.RegisterAsync(email, Password);
        using var onB = await b.SignInAsync(email, Password);
        var connect = 0;
        foreach (var provider in Providers)
        {
            using var connected = await (connect++ % 2 == 0 ? onA : onB).PutAsJsonAsync($"api/work/connectors/{provider}", new { useSandbox = true, schedule = "Manual", sandboxHistoryDays = 5 });
            Assert.True(connected.StatusCode == HttpStatusCode.OK, $"connect {provider}: {connected.StatusCode} {await connected.Content.ReadAsStringAsync()}");
        }

        // Who executes runs while the load lasts (a finished run keeps no lease owner, so this watches).
        HashSet<int> executors = [];
        using var stopWatching = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            while (!stopWatching.IsCancellationRequested)
            {
                foreach (var row in await _cluster.RowsAsync("""SELECT "LeaseOwner" FROM "PipelineRuns" WHERE "Status" = 'Running' AND "LeaseOwner" IS NOT NULL"""))
                    executors.Add(PostgresCluster.ProcessOf((string)row[0]));
                await Task.Delay(100);
            }
        });
        var duration = TimeSpan.FromSeconds(Seconds);
        var results = await Task.WhenAll(
            new LoadDriver(a.RootUri, email, Password).RunAsync(Clients - Clients / 2, duration),
            new LoadDriver(b.RootUri, email, Password).RunAsync(Clients / 2, duration));
        await stopWatching.CancelAsync();
        await watching;
        var all = new LoadDriver.Result([.. results[0].Samples, .. results[1].Samples], results[0].TransportErrors + results[1].TransportErrors,
            results[0].FirstTransportError ?? results[1].FirstTransportError, results.Max(r => r.Elapsed));
        var runs = await _cluster.RowsAsync("""SELECT "Kind", "Status", count(*) FROM "PipelineRuns" GROUP BY "Kind", "Status" ORDER BY 1, 2""");

        output.WriteLine($"{Clients} clients for {Seconds} s on two instances over one PostgreSQL database ({Clients - Clients / 2} on A, {Clients / 2} on B)");
        foreach (var (name, result) in new[] { ("instance A", results[0]), ("instance B", results[1]), ("both", all) })
        {
            output.WriteLine($"— {name}");
            foreach (var line in result.Lines()) output.WriteLine(line);
        }
        output.WriteLine("runs when the load stopped: " + string.Join(", ", runs.Select(r => $"{r[0]} {r[1]} {r[2]}")));

        Assert.True(all.ServerErrors == 0 && all.TransportErrors == 0, string.Join("\n", all.Lines()));
        Assert.All(results, r => Assert.NotEmpty(r.Samples));
        Assert.Equal(["connectors list", "dashboard aggregate", "pipelines list", "self-test run", "sync request"], all.Samples.Select(s => s.Kind).Distinct().Order());
        Assert.All(all.Samples.Where(s => s.Kind.EndsWith(" list") || s.Kind.EndsWith(" aggregate")), s => Assert.Equal(200, s.Status));
        Assert.All(all.Samples.Where(s => s.Kind == "self-test run"), s => Assert.Equal(202, s.Status));
        Assert.Contains(a.Id, executors);
        Assert.Contains(b.Id, executors);
    }

    public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();
}
