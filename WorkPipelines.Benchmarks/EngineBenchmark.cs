using System.Runtime.InteropServices;

namespace WorkPipelines.Benchmarks;

/// <summary>
/// The <c>engine</c> scenario: N runs through the real engine three ways, on SQLite and (when a server is given) on
/// PostgreSQL, printed as one table with each scenario's rows side by side.
/// </summary>
internal static class EngineBenchmark
{
    public static async Task RunAsync(int runs, string? postgresServer)
    {
        ScenarioSpec[] specs =
        [
            new("no-op", runs, FailingShare: 0, BusyWeb: false),
            new("10% fail once", runs, FailingShare: 0.1, BusyWeb: false),
            new("no-op + busy web", runs, FailingShare: 0, BusyWeb: true),
            new("no-op, 4 producers", runs, FailingShare: 0, BusyWeb: false, Producers: 4),
            new("drain, all queued", runs, FailingShare: 0, BusyWeb: false, Prequeued: true),
        ];

        Console.WriteLine($"Engine benchmark: {runs} runs per scenario; {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        var targets = BenchTarget.All(postgresServer);
        var results = new List<ScenarioResult>();
        foreach (var target in targets)
        {
            // JIT and EF Core's query caches (one model per provider) warm up on a throwaway run, or the first scenario pays for them.
            Console.WriteLine($"{target.Label}: warming up (200 runs, not counted) ...");
            await EngineScenario.RunAsync(target, new ScenarioSpec("warm-up", 200, FailingShare: 0.1, BusyWeb: true));
            foreach (var spec in specs)
            {
                Console.WriteLine($"{target.Label}: running '{spec.Name}' ...");
                results.Add(await EngineScenario.RunAsync(target, spec));
            }
        }
        results = [.. results.OrderBy(r => Array.IndexOf(specs, r.Spec)).ThenBy(r => r.Target.IsPostgres)];

        var o = results[0].Options;
        Console.WriteLine($"engine settings: MaxConcurrentRuns {o.MaxConcurrentRuns}, PollInterval {o.PollInterval.TotalMilliseconds} ms, RetryBaseDelay {o.RetryBaseDelay.TotalMilliseconds} ms");
        Console.WriteLine();
        Console.WriteLine($"| {"Scenario",-18} | {"Database",-10} | {"Done",11} | {"Total s",7} | {"Enqueue s",9} | {"Runs/s",7} | {"Pickup p50/p95/p99 ms",23} | {"Done p50/p95/p99 ms",23} | {"Web writes (/s)",16} | {"Web errors",10} | {"Engine warn/err",15} |");
        Console.WriteLine($"|{new string('-', 20)}|{new string('-', 12)}|{new string('-', 13)}|{new string('-', 9)}|{new string('-', 11)}|{new string('-', 9)}|{new string('-', 25)}|{new string('-', 25)}|{new string('-', 18)}|{new string('-', 12)}|{new string('-', 17)}|");
        foreach (var r in results)
        {
            var web = r.Web is { } w ? $"{w.Writes} ({w.Writes / w.Elapsed.TotalSeconds:0})" : "-";
            var busy = r.Web is { } b ? (b.BusyErrors + b.OtherErrors).ToString() : "-";
            Console.WriteLine($"| {r.Spec.Name,-18} | {r.Target.Label,-10} | {$"{r.Succeeded}/{r.Spec.Runs}",11} | {r.Total.TotalSeconds,7:0.00} | {r.Enqueue.TotalSeconds,9:0.00} | {r.RunsPerSecond,7:0} | {Triple(r.Pickup),23} | {Triple(r.Completion),23} | {web,16} | {busy,10} | {$"{r.EngineLog.Warnings}/{r.EngineLog.Errors}",15} |");
        }

        Console.WriteLine();
        Console.WriteLine("Done = Succeeded/queued. Pickup = StartedAt - CreatedAt of first attempts; Done = FinishedAt - CreatedAt (includes retries).");
        Console.WriteLine("Runs/s counts from the first enqueue to the last finished run; runs are enqueued in a burst by one producer (or 4, where named).");
        Console.WriteLine("'drain, all queued': every run is queued before the engine starts (Enqueue s times that alone: the producer's cost with no engine beside it); runs/s times the engine alone from its start (its pickup includes the wait before the start).");
        Console.WriteLine("Web errors = failed web-side inserts (SQLITE_BUSY/LOCKED on SQLite, any exception on PostgreSQL). Each run has its own new database.");
        if (targets.Count == 1) Console.WriteLine($"PostgreSQL: skipped (no --postgres and no {BenchTarget.Variable}).");
        foreach (var r in results)
        {
            if (r.Web is { } w) Console.WriteLine($"{r.Spec.Name} ({r.Target.Label}): web write latency p50/p95/p99 {w.Latency.P50:0.0}/{w.Latency.P95:0.0}/{w.Latency.P99:0.0} ms, slowest {w.MaxLatencyMs:0} ms");
            if (r.Web?.FirstError is { } error) Console.WriteLine($"{r.Spec.Name} ({r.Target.Label}): first web-side error: {error}");
            foreach (var sample in r.EngineLog.Samples) Console.WriteLine($"{r.Spec.Name} ({r.Target.Label}): engine log: {sample}");
        }
    }

    private static string Triple(Percentiles p) => p.Count == 0 ? "-" : $"{p.P50:0}/{p.P95:0}/{p.P99:0}";
}
