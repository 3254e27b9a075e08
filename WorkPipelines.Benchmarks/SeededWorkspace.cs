using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WorkPipelines.Domain;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Benchmarks;

/// <summary>
/// The three-year workspace the <c>dashboard</c> and <c>report</c> scenarios share: the real domain services on a
/// temp SQLite file, seeded by <see cref="DashboardBenchmark.SeedAsync"/>; the file is deleted on dispose.
/// </summary>
internal sealed class SeededWorkspace : IAsyncDisposable
{
    private readonly string _folder;

    private SeededWorkspace(string folder, IHost host) => (_folder, Host) = (folder, host);

    public IHost Host { get; }
    public IServiceProvider Services => Host.Services;
    public string Database => Path.Combine(_folder, "work.db");
    public Guid Workspace { get; private set; }

    public static async Task<SeededWorkspace> CreateAsync(int rawRecords)
    {
        var folder = Path.Combine(Path.GetTempPath(), "workpipelines-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:Work"] = $"Data Source={Path.Combine(folder, "work.db")}";
        builder.Services.AddWorkPipelinesDomain(builder.Configuration);
        var seeded = new SeededWorkspace(folder, builder.Build());
        await seeded.Services.InitializeDatabaseAsync();

        var clock = Stopwatch.StartNew();
        (seeded.Workspace, var metrics) = await DashboardBenchmark.SeedAsync(seeded.Services, seeded.Database, rawRecords);
        Console.WriteLine($"Seeded {metrics:N0} daily metric rows (3 years × 7 sources) and {rawRecords:N0} raw records in {clock.Elapsed.TotalSeconds:N1} s");
        return seeded;
    }

    public ValueTask DisposeAsync()
    {
        Host.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
