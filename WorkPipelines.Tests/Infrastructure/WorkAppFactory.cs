using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace WorkPipelines.Tests.Infrastructure;

/// <summary>
/// The real app on real Kestrel (loopback, random port) over its own temp SQLite file
/// (<see cref="PostgresWorkAppFactory"/>: its own PostgreSQL database).
/// One per test collection; tests isolate themselves by registering their own users.
/// </summary>
public class WorkAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "workpipelines-tests", Guid.NewGuid().ToString("N"));
    private string? _postgres;

    /// <summary>True to run the app on a fresh PostgreSQL database (<c>Database:Provider = Postgres</c>) instead of SQLite.</summary>
    protected virtual bool UsePostgres => false;

    /// <summary>The ASP.NET Core environment the app runs in: "Testing" unless a fixture checks Development or Production behaviour.</summary>
    protected virtual string EnvironmentName => "Testing";

    public WorkAppFactory() => UseKestrel(0);

    public string DatabasePath => Path.Combine(_folder, "work.db");

    /// <summary>Root URL of the Kestrel server, e.g. http://127.0.0.1:41234/.</summary>
    public Uri RootUri { get; private set; } = default!;

    /// <summary>Settings a derived fixture adds (e.g. the demo account).</summary>
    protected virtual IDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>();

    /// <summary>Lets brand analysis reach the loopback fixture site (and only its port) through the outbound policy; production has no such entry.</summary>
    private static IDictionary<string, string?> OutboundSettings => new Dictionary<string, string?>
    {
        ["Outbound:AllowLoopbackEndpoints:0"] = FixtureSite.Shared.EndPoint,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        // Outside Development the app reads wwwroot from publish output; tests run from the build, so map the build's static web assets.
        builder.UseStaticWebAssets();
        if (UsePostgres) _postgres ??= PostgresTestDatabase.NewConnectionString();
        builder.UseSetting("Database:Provider", UsePostgres ? "Postgres" : "Sqlite");
        builder.UseSetting("ConnectionStrings:Work", _postgres ?? $"Data Source={DatabasePath}");
        builder.UseSetting("Demo:Enabled", "false");
        // Tests talk plain HTTP to 127.0.0.1, where an HTTP client keeps no Secure cookie; the Production fixtures keep
        // the deployed default (Secure) and check it.
        if (EnvironmentName == "Testing")
        {
            builder.UseSetting("Security:SecureCookies", "false");
            // "Connect with …" against the sandbox's sign-in, over the same plain loopback HTTP.
            builder.UseSetting("OAuth:Sandbox", "true");
            builder.UseSetting("OAuth:RequireHttps", "false");
        }
        // Failures are retried in milliseconds here, not seconds: same paths, faster tests.
        builder.UseSetting("Pipelines:RetryBaseDelay", "00:00:00.200");
        builder.UseSetting("Pipelines:RetryMaxDelay", "00:00:01");
        builder.UseSetting("Connectors:Resilience:Retry:Delay", "00:00:00.050");
        // A few weeks of sandbox history then take several GA4 requests, as years of a busy property do at the real size.
        builder.UseSetting("Connectors:Ga4RowsPerRequest", Ga4RowsPerRequest.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in OutboundSettings) builder.UseSetting(key, value);
        foreach (var (key, value) in ExtraSettings) builder.UseSetting(key, value);
    }

    /// <summary>GA4 rows per request in tests (the app's default is 10,000).</summary>
    public const int Ga4RowsPerRequest = 500;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        RootUri = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").TrimEnd('/') + "/");
        return Task.CompletedTask;
    }

    /// <summary>A client with no credentials against the Kestrel server.</summary>
    public HttpClient CreateAnonymousClient() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = RootUri };

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        if (_postgres is not null) await PostgresTestDatabase.DropAsync(_postgres);
    }
}

/// <summary>The app on PostgreSQL: a database of its own in the server of <c>WORKPIPELINES_TEST_POSTGRES</c>, dropped at dispose.</summary>
public sealed class PostgresWorkAppFactory : WorkAppFactory
{
    protected override bool UsePostgres => true;
}

/// <summary>The app as <c>dotnet run</c> starts it: the Development environment (developer exception page, Scalar, …).</summary>
public sealed class DevelopmentWorkAppFactory : WorkAppFactory
{
    protected override string EnvironmentName => Microsoft.Extensions.Hosting.Environments.Development;
}

/// <summary>The app as deployed: the Production environment (HSTS, secure cookies, JSON logs, no demo).</summary>
public sealed class ProductionWorkAppFactory : WorkAppFactory
{
    protected override string EnvironmentName => Microsoft.Extensions.Hosting.Environments.Production;
}

/// <summary>Development on PostgreSQL.</summary>
public sealed class PostgresDevelopmentWorkAppFactory : WorkAppFactory
{
    protected override bool UsePostgres => true;
    protected override string EnvironmentName => Microsoft.Extensions.Hosting.Environments.Development;
}

/// <summary>Production on PostgreSQL.</summary>
public sealed class PostgresProductionWorkAppFactory : WorkAppFactory
{
    protected override bool UsePostgres => true;
    protected override string EnvironmentName => Microsoft.Extensions.Hosting.Environments.Production;
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<WorkAppFactory>
{
    public const string Name = "app";
}

/// <summary>API tests that run on PostgreSQL (one app, one database, for the whole collection).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresAppCollection : ICollectionFixture<PostgresWorkAppFactory>
{
    public const string Name = "postgres-app";
}
