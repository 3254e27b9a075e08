using WorkPipelines.Benchmarks;

// dotnet run -c Release --project WorkPipelines.Benchmarks -- engine [--runs N]
if (args is not ["engine", .. var rest])
{
    Console.Error.WriteLine("usage: WorkPipelines.Benchmarks engine [--runs N]   (N runs per scenario, default 2000)");
    return 2;
}

var runs = 2000;
if (rest is ["--runs", var count] && (!int.TryParse(count, out runs) || runs < 1))
{
    Console.Error.WriteLine($"--runs must be a positive whole number; got '{count}'");
    return 2;
}
else if (rest is not [] and not ["--runs", _])
{
    Console.Error.WriteLine($"unknown arguments: {string.Join(' ', rest)}; known: --runs N");
    return 2;
}

await EngineBenchmark.RunAsync(runs);
return 0;
