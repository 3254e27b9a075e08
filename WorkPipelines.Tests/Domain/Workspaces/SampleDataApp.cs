using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Workspaces;

/// <summary>
/// The app for sample-data tests: every provider's sandbox gets connected at once, so accounts hold 5 days of history
/// (not the default 730) to keep six first syncs light on a shared machine.
/// </summary>
public sealed class SampleDataApp : WorkAppFactory
{
    protected override IDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Connectors:SandboxHistoryDays"] = "5",
    };
}

[CollectionDefinition(Name)]
public sealed class SampleDataCollection : ICollectionFixture<SampleDataApp>
{
    public const string Name = "sample-data";
}

/// <summary><see cref="SampleDataApp"/> on PostgreSQL.</summary>
public sealed class PostgresSampleDataApp : WorkAppFactory
{
    protected override bool UsePostgres => true;

    protected override IDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Connectors:SandboxHistoryDays"] = "5",
    };
}

[CollectionDefinition(Name)]
public sealed class PostgresSampleDataCollection : ICollectionFixture<PostgresSampleDataApp>
{
    public const string Name = "postgres-sample-data";
}
