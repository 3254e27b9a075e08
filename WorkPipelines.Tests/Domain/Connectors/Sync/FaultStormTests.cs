using System.Net;
using System.Net.Http.Json;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Sandbox;
using WorkPipelines.Tests.Domain.Connectors.Ga4;
using WorkPipelines.Tests.Domain.Connectors.Mailchimp;
using WorkPipelines.Tests.Domain.Connectors.Shopify;
using WorkPipelines.Tests.Domain.Connectors.Stripe;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Web.Features.Workspaces;
using Xunit.Abstractions;

namespace WorkPipelines.Tests.Domain.Connectors.Sync;

/// <summary>
/// Two real app processes on one PostgreSQL database sync sandbox providers that fail about 30% of their requests
/// (500s, 429s with Retry-After) and answer slowly. Every sync must end Succeeded and every connection must hold
/// exactly the records its sandbox account serves: no duplicate from a retried page, none lost between instances.
/// CI syncs 2 workspaces × 4 providers; WORKPIPELINES_FAULT_STORM_WORKSPACES makes it bigger for the full run.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class FaultStormTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "Pipelines-2026!";
    private const int Rounds = 2;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(8);
    private static readonly object Faults = new { errorRate = 0.15, rateLimitRate = 0.15, latencyMs = 40 };

    // Each provider with a check of what was stored against what its sandbox serves an account (the connector tests' own
    // expectations) since the storm began: a Stripe trial can end while the syncs run, so its counts are those of a moment
    // between the storm's start and its end.
    private static readonly Dictionary<string, Action<SandboxAccount, DateTimeOffset, Dictionary<string, int>>> Providers = new()
    {
        ["shopify"] = (account, _, stored) => Assert.Equal(ShopifyConnectorTests.Expected(account).Counts, stored),
        ["stripe"] = (account, since, stored) => StripeConnectorTests.AssertCountsOfAMomentBetween(account, since, DateTimeOffset.UtcNow, stored),
        ["ga4"] = (account, _, stored) => Assert.Equal(Ga4ConnectorTests.Expected(account).Counts, stored),
        ["mailchimp"] = (account, _, stored) => Assert.Equal(MailchimpConnectorTests.Expected(account).Counts, stored),
    };

    private readonly PostgresCluster _cluster = new();
    private readonly List<HttpClient> _clients = [];

    private static int Workspaces => int.TryParse(Environment.GetEnvironmentVariable("WORKPIPELINES_FAULT_STORM_WORKSPACES"), out var n) && n > 0 ? n : 2;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Syncs_on_two_instances_against_faulty_providers_all_succeed_with_exactly_the_sandboxs_records()
    {
        var settings = new Dictionary<string, string> { ["Pipelines:MaxConcurrentRuns"] = "4" };
        var a = await _cluster.StartAsync(settings);
        var b = await _cluster.StartAsync(settings);
        AppProcess[] instances = [a, b];
        var retriesSeen = new int[2];
        for (var i = 0; i < 2; i++)
        {
            var index = i;
            instances[i].LineWritten += line => { if (line.Contains("OnRetry")) Interlocked.Increment(ref retriesSeen[index]); };
        }

        // Each workspace signed in on both instances; its accounts have a history length of their own, so the
        // sandbox account of a connection is known by (provider, days) without decrypting its token.
        List<(HttpClient[] Clients, Guid WorkspaceId, int Days)> workspaces = [];
        for (var w = 0; w < Workspaces; w++)
        {
            var email = $"storm-{w}-{Guid.NewGuid():N}@example.test";
            HttpClient[] clients = [await a.RegisterAsync(email, Password), await b.SignInAsync(email, Password)];
            _clients.AddRange(clients);
            var me = (await clients[0].GetFromJsonAsync<MeResponse>("api/work/me", ApiUser.Json))!;
            workspaces.Add((clients, me.Workspace.WorkspaceId, 6 + w));
            var p = 0;
            foreach (var provider in Providers.Keys)
            {
                using var connected = await clients[p++ % 2].PutAsJsonAsync($"api/work/connectors/{provider}", new { useSandbox = true, schedule = "Manual", sandboxHistoryDays = 6 + w });
                Assert.True(connected.StatusCode == HttpStatusCode.OK, $"connect {provider}: {connected.StatusCode} {await connected.Content.ReadAsStringAsync()}");
            }
        }
        await _cluster.WatchUntilIdleAsync(Deadline);
        var calmRuns = await _cluster.CountAsync("""SELECT count(*) FROM "PipelineRuns" WHERE "Kind" = 'sync-connection'""");

        // Faults set through A only: B's sandbox (which serves the connections connected through B) reads them once
        // its cached account is older than SandboxAccounts.CacheFor. Then the storm syncs start from nothing.
        foreach (var (clients, _, _) in workspaces)
            foreach (var provider in Providers.Keys)
            {
                using var set = await clients[0].PutAsJsonAsync($"api/work/connectors/{provider}/sandbox-faults", Faults);
                Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
            }
        await Task.Delay(SandboxAccounts.CacheFor * 2);
        await _cluster.ExecuteAsync("""DELETE FROM "SourceRecords"; DELETE FROM "StreamCheckpoints";""");
        var stormStarted = DateTimeOffset.UtcNow;

        // Every round asks both instances at once for every sync (one run per connection: the concurrency key holds
        // across instances); between rounds the checkpoints go, so each round reads every page again.
        Dictionary<Guid, HashSet<int>> executors = [];
        for (var round = 0; round < Rounds; round++)
        {
            if (round > 0) await _cluster.ExecuteAsync("""DELETE FROM "StreamCheckpoints";""");
            await Task.WhenAll(workspaces.SelectMany(ws => Providers.Keys.SelectMany(provider => ws.Clients.Select(async client =>
            {
                using var response = await client.PostAsync($"api/work/sync/{provider}", null);
                Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"sync {provider}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }))));
            foreach (var (run, processes) in await _cluster.WatchUntilIdleAsync(Deadline)) executors[run] = processes;
        }

        var runs = await _cluster.RowsAsync("""
            SELECT "Id", "Status", "Attempt", coalesce("ErrorMessage", '') FROM "PipelineRuns"
            WHERE "Kind" = 'sync-connection' ORDER BY "CreatedAt"
            """);
        var stormRuns = runs.Skip((int)calmRuns).ToList();
        var ranOn = executors.Values.SelectMany(p => p).ToList();
        var accounts = await _cluster.RowsAsync("""SELECT "Provider", "Seed", "HistoryDays" FROM "SandboxAccounts" """);
        var stored = (await _cluster.RowsAsync("""
            SELECT c."WorkspaceId", c."Provider", r."Stream", count(*) FROM "SourceRecords" r
            JOIN "Connections" c ON c."Id" = r."ConnectionId" GROUP BY c."WorkspaceId", c."Provider", r."Stream"
            """))
            .GroupBy(r => ((Guid)r[0], (string)r[1]))
            .ToDictionary(g => g.Key, g => g.ToDictionary(r => (string)r[2], r => (int)(long)r[3]));

        output.WriteLine($"{workspaces.Count} workspaces × {Providers.Count} providers, {Rounds} storm rounds: {stormRuns.Count} sync runs " +
            $"(seen running on A {ranOn.Count(p => p == a.Id)}, on B {ranOn.Count(p => p == b.Id)}), " +
            $"{stormRuns.Sum(r => (int)r[2] - 1)} run retries, provider-call retries logged: A {retriesSeen[0]}, B {retriesSeen[1]}; " +
            $"{stored.Values.Sum(s => s.Values.Sum())} records stored");

        Assert.Equal(workspaces.Count * Providers.Count, calmRuns);
        Assert.InRange(stormRuns.Count, workspaces.Count * Providers.Count * Rounds, workspaces.Count * Providers.Count * Rounds * 2);
        Assert.All(runs, r => Assert.True((string)r[1] == "Succeeded", $"sync {r[0]} ended {r[1]} after {r[2]} attempts: {r[3]}"));
        Assert.Contains(a.Id, ranOn);
        Assert.Contains(b.Id, ranOn);
        Assert.True(retriesSeen[0] > 0 && retriesSeen[1] > 0, $"both instances should have met faults: A retried {retriesSeen[0]} provider calls, B {retriesSeen[1]}");
        Assert.Equal(workspaces.Count * Providers.Count, accounts.Count);
        foreach (var (_, workspaceId, days) in workspaces)
            foreach (var (provider, check) in Providers)
            {
                var row = accounts.Single(r => (string)r[0] == provider && (int)r[2] == days);
                var account = new SandboxAccount { TokenHash = "", Provider = provider, Seed = (int)row[1], HistoryDays = days };
                Assert.True(stored.ContainsKey((workspaceId, provider)), $"{provider} of workspace {workspaceId} stored nothing");
                check(account, stormStarted, stored[(workspaceId, provider)]);
            }
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        await _cluster.DisposeAsync();
    }
}
