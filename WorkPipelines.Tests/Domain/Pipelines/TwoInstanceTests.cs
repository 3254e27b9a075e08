using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Pipelines;

/// <summary>
/// Two real app processes on one PostgreSQL database share the run queue: every run executes, none twice, and
/// when one instance is killed (SIGKILL) the other takes over its runs once their leases expire.
/// CI runs 200 one-second runs; set WORKPIPELINES_TWO_INSTANCE_RUNS=1000 for the full reliability run.
/// Deadlines are timeouts only; nothing measures speed.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class TwoInstanceTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(8);

    private readonly PostgresCluster _cluster = new();

    private static int Runs => int.TryParse(Environment.GetEnvironmentVariable("WORKPIPELINES_TWO_INSTANCE_RUNS"), out var n) && n > 0 ? n : 200;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Two_instances_run_every_run_exactly_once_and_the_survivor_finishes_a_killed_instances_runs()
    {
        // One after the other: the first applies the migrations, the second finds none pending.
        var a = await _cluster.StartAsync(PostgresCluster.ShortLeases);
        var b = await _cluster.StartAsync(PostgresCluster.ShortLeases);
        var client = await a.RegisterAsync($"two-{Guid.NewGuid():N}@example.test", "Pipelines-2026!");
        for (var i = 0; i < Runs; i++)
        {
            using var response = await client.PostAsJsonAsync("api/work/pipelines/self-test", new { seconds = 1 });
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"self-test {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        // Watch who runs what until a quarter is done, then kill B while it holds runs.
        HashSet<int> processesSeen = [];
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            Assert.True(DateTime.UtcNow < until, $"a quarter of the runs did not finish in time; A:\n{a.Output}\nB:\n{b.Output}");
            foreach (var owner in await _cluster.ScalarsAsync<string>("""SELECT "LeaseOwner" FROM "PipelineRuns" WHERE "Status" = 'Running' AND "LeaseOwner" IS NOT NULL"""))
                processesSeen.Add(PostgresCluster.ProcessOf(owner));
            var succeeded = await _cluster.CountAsync("""SELECT count(*) FROM "PipelineRuns" WHERE "Status" = 'Succeeded'""");
            var bHolds = await _cluster.CountAsync($"""SELECT count(*) FROM "PipelineRuns" WHERE "Status" = 'Running' AND "LeaseOwner" LIKE '%:{b.Id}:%'""");
            if (succeeded >= Runs / 4 && bHolds > 0) break;
            await Task.Delay(100);
        }
        await b.KillAsync();

        while (await _cluster.CountAsync("""SELECT count(*) FROM "PipelineRuns" WHERE "Status" NOT IN ('Succeeded', 'Failed', 'Cancelled')""") > 0)
        {
            Assert.True(DateTime.UtcNow < until, $"runs still open after the kill; A:\n{a.Output}");
            await Task.Delay(250);
        }

        Assert.Contains(a.Id, processesSeen);
        Assert.Contains(b.Id, processesSeen);
        Assert.Equal(Runs, await _cluster.CountAsync("""SELECT count(*) FROM "PipelineRuns" WHERE "Status" = 'Succeeded'"""));
        // A run claimed twice would have a second attempt; only the runs B held when it died may (at most its slots).
        var retried = await _cluster.CountAsync("""SELECT coalesce(sum("Attempt" - 1), 0) FROM "PipelineRuns" """);
        Assert.InRange(retried, 0, PostgresCluster.SlotsPerInstance);
        Assert.Equal(0, await _cluster.CountAsync("""SELECT count(*) FROM "PipelineRuns" WHERE "Attempt" > 2"""));
    }

    [Fact]
    public async Task A_hub_client_on_one_instance_hears_the_runs_another_instance_executes()
    {
        // A executes nothing (MaxConcurrentRuns 0), so every run it hears about was executed by B. Letting both
        // execute made the test a race: under load A sometimes took all eight and nothing crossed instances.
        var a = await _cluster.StartAsync(new Dictionary<string, string>(PostgresCluster.ShortLeases) { ["Pipelines:MaxConcurrentRuns"] = "0" }, redis: true);
        var b = await _cluster.StartAsync(PostgresCluster.ShortLeases, redis: true);
        var email = $"hub-{Guid.NewGuid():N}@example.test";
        var onA = await a.RegisterAsync(email, "Pipelines-2026!");
        var onB = await b.SignInAsync(email, "Pipelines-2026!");
        var heard = new ConcurrentQueue<HeardEvent>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(a.RootUri, "hubs/work"), o => o.AccessTokenProvider = () => Task.FromResult(onA.DefaultRequestHeaders.Authorization!.Parameter))
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        hub.On<HeardEvent>("runEvent", heard.Enqueue);
        await hub.StartAsync();

        List<Guid> runs = [];
        for (var i = 0; i < 8; i++)
        {
            using var response = await onB.PostAsJsonAsync("api/work/pipelines/self-test", new { seconds = 1 });
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"self-test {response.StatusCode}");
            runs.Add((await response.Content.ReadFromJsonAsync<StartedRun>(HubJson))!.Id);
        }
        var executors = (await _cluster.WatchUntilIdleAsync(Deadline)).Values.SelectMany(processes => processes).ToHashSet();
        var heardBy = DateTime.UtcNow.AddSeconds(30); // events follow the database within milliseconds; this only bounds a failure
        while (runs.Any(id => !heard.Any(e => e.RunId == id && e.Type == "Succeeded")) && DateTime.UtcNow < heardBy) await Task.Delay(50);

        Assert.Equal([b.Id], executors);
        Assert.All(runs, id => Assert.Contains(heard, e => e.RunId == id && e.Type == "Succeeded"));
    }

    private sealed record HeardEvent(Guid RunId, string Type);

    private sealed record StartedRun(Guid Id);

    private static readonly JsonSerializerOptions HubJson = new(JsonSerializerDefaults.Web);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();
}
