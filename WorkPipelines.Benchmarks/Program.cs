using WorkPipelines.Benchmarks;

// dotnet run -c Release --project WorkPipelines.Benchmarks -- engine [--runs N] [--postgres CONNECTION]
// dotnet run -c Release --project WorkPipelines.Benchmarks -- sync [--charges N] [--latency-days N]
// dotnet run -c Release --project WorkPipelines.Benchmarks -- dashboard [--records N] [--postgres CONNECTION]
// dotnet run -c Release --project WorkPipelines.Benchmarks -- report [--records N]
// engine and dashboard run on SQLite and, given a server (--postgres or WORKPIPELINES_BENCH_POSTGRES), on PostgreSQL.
const string Usage = "usage: WorkPipelines.Benchmarks engine [--runs N] [--postgres CONNECTION] | sync [--charges N] [--latency-days N] | dashboard [--records N] [--postgres CONNECTION] | report [--records N]   (defaults: 2000 runs per scenario; 100000 charges, 120 days of history with latency; 1000000 raw records; PostgreSQL server from WORKPIPELINES_BENCH_POSTGRES)";

switch (args)
{
    case ["engine", .. var rest] when Options(rest) is { } o && Only(o, "--runs", "--postgres") && TryCount(o, "--runs", 2000, out var runs):
        await EngineBenchmark.RunAsync(runs, o.GetValueOrDefault("--postgres"));
        return 0;
    case ["sync", .. var rest] when Options(rest) is { } o && Only(o, "--charges", "--latency-days") && TryCount(o, "--charges", 100_000, out var charges)
                                    && TryCount(o, "--latency-days", 120, out var latencyDays):
        await SyncBenchmark.RunAsync(charges, latencyDays);
        return 0;
    case ["dashboard", .. var rest] when Options(rest) is { } o && Only(o, "--records", "--postgres") && TryCount(o, "--records", 1_000_000, out var records):
        await DashboardBenchmark.RunAsync(records, o.GetValueOrDefault("--postgres"));
        return 0;
    case ["report", .. var rest] when Options(rest) is { } o && Only(o, "--records") && TryCount(o, "--records", 1_000_000, out var records):
        await ReportBenchmark.RunAsync(records);
        return 0;
    case ["load", .. var rest] when Options(rest) is { } load && load.TryGetValue("--url", out var url) && load.TryGetValue("--email", out var email) && load.TryGetValue("--password", out var password):
    {
        var clients = int.Parse(load.GetValueOrDefault("--clients", "50"));
        var seconds = int.Parse(load.GetValueOrDefault("--seconds", "60"));
        Console.WriteLine($"{clients} clients for {seconds} s against {url}");
        var result = await new LoadDriver(new Uri(url.TrimEnd('/') + "/"), email, password).RunAsync(clients, TimeSpan.FromSeconds(seconds));
        foreach (var line in result.Lines()) Console.WriteLine(line);
        return result.ServerErrors == 0 && result.TransportErrors == 0 ? 0 : 1;
    }
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}

static bool TryCount(Dictionary<string, string> options, string flag, int fallback, out int count)
{
    count = fallback;
    return !options.TryGetValue(flag, out var value) || int.TryParse(value, out count) && count > 0;
}

static bool Only(Dictionary<string, string> options, params string[] known) => options.Keys.All(known.Contains);

// --name value pairs; null when the list is not pairs of that shape.
static Dictionary<string, string>? Options(string[] rest) =>
    rest.Length % 2 == 0 && rest.Where((_, i) => i % 2 == 0).All(name => name.StartsWith("--", StringComparison.Ordinal))
        ? rest.Chunk(2).ToDictionary(pair => pair[0], pair => pair[1])
        : null;
