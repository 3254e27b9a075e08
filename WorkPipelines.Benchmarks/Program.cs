using WorkPipelines.Benchmarks;

// dotnet run -c Release --project WorkPipelines.Benchmarks -- engine [--runs N]
// dotnet run -c Release --project WorkPipelines.Benchmarks -- sync [--charges N]
// dotnet run -c Release --project WorkPipelines.Benchmarks -- dashboard [--records N]
// dotnet run -c Release --project WorkPipelines.Benchmarks -- report [--records N]
const string Usage = "usage: WorkPipelines.Benchmarks engine [--runs N] | sync [--charges N] | dashboard [--records N] | report [--records N]   (defaults: 2000 runs per scenario; 100000 charges; 1000000 raw records)";

switch (args)
{
    case ["engine", .. var rest] when TryCount(rest, "--runs", 2000, out var runs):
        await EngineBenchmark.RunAsync(runs);
        return 0;
    case ["sync", .. var rest] when TryCount(rest, "--charges", 100_000, out var charges):
        await SyncBenchmark.RunAsync(charges);
        return 0;
    case ["dashboard", .. var rest] when TryCount(rest, "--records", 1_000_000, out var records):
        await DashboardBenchmark.RunAsync(records);
        return 0;
    case ["report", .. var rest] when TryCount(rest, "--records", 1_000_000, out var records):
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

static bool TryCount(string[] rest, string flag, int fallback, out int count)
{
    count = fallback;
    return rest switch
    {
        [] => true,
        [var name, var value] when name == flag => int.TryParse(value, out count) && count > 0,
        _ => false,
    };
}

// --name value pairs; null when the list is not pairs of that shape.
static Dictionary<string, string>? Options(string[] rest) =>
    rest.Length % 2 == 0 && rest.Where((_, i) => i % 2 == 0).All(name => name.StartsWith("--", StringComparison.Ordinal))
        ? rest.Chunk(2).ToDictionary(pair => pair[0], pair => pair[1])
        : null;
