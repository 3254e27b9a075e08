using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Graph;

/// <summary>
/// The app the Meta Ads and Facebook Page tests run against. The connectors' HTTP client has one
/// circuit breaker for every provider; these tests inject 20 % server errors to prove retries,
/// and in the shared app that burst would open the breaker for other providers' tests too.
/// </summary>
public sealed class GraphConnectorsApp : WorkAppFactory
{
    protected override IDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Connectors:Resilience:CircuitBreaker:MinimumThroughput"] = "100000",
    };
}

[CollectionDefinition(Name)]
public sealed class GraphConnectorsCollection : ICollectionFixture<GraphConnectorsApp>
{
    public const string Name = "graph-connectors";
}
