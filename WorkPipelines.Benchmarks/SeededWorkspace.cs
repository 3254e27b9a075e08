using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WorkPipelines.Domain;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Benchmarks;

/// <summary>
/// The three-year workspace the <c>dashboard</c> and <c>report</c> scenarios share: the real domain services on a new
/// database of <see cref="BenchTarget"/>, seeded by <see cref="WorkspaceSeed"/>; the database goes on dispose.
/// </summary>
internal sealed class SeededWorkspace : IAsyncDisposable
{
    private SeededWorkspace(BenchDatabase database, IHost host) => (Database, Host) = (database, host);

    public IHost Host { get; }
    public IServiceProvider Services => Host.Services;
    public BenchDatabase Database { get; }
    public Guid Workspace { get; private set; }

    /// <summary>How long seeding took.</summary>
    public TimeSpan Seeding { get; private set; }

    public static async Task<SeededWorkspace> CreateAsync(BenchTarget target, int rawRecords)
    {
        var database = await target.CreateDatabaseAsync();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(database.Settings());
        // A slow panel is a figure here, not an error panel: on a shared machine a cold 12-month read can pass the app's 5 s.
        builder.Configuration.AddInMemoryCollection([new("Dashboard:PanelTimeout", "00:01:00")]);
        builder.Services.AddWorkPipelinesDomain(builder.Configuration);
        var seeded = new SeededWorkspace(database, builder.Build());
        await seeded.Services.InitializeDatabaseAsync();

        var clock = Stopwatch.StartNew();
        (seeded.Workspace, var metrics) = await WorkspaceSeed.SeedAsync(seeded.Services, database, rawRecords);
        seeded.Seeding = clock.Elapsed;
        Console.WriteLine($"{target.Label}: seeded {metrics:N0} daily metric rows (3 years × 7 sources) and {rawRecords:N0} raw records in {seeded.Seeding.TotalSeconds:N1} s");
        return seeded;
    }

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Database.DisposeAsync();
    }
}
