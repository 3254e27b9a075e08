using Microsoft.Extensions.DependencyInjection;

namespace WorkPipelines.Domain.Connectors;

/// <summary>Marks a registered connector type; added by <c>AddConnector&lt;T&gt;()</c>.</summary>
public sealed record ConnectorRegistration(string Provider, Type Type);

/// <summary>Finds the connector of a provider.</summary>
public sealed class ConnectorRegistry(IEnumerable<ConnectorRegistration> registrations, IServiceProvider services)
{
    /// <summary>The client of real connections: every connection it opens passes the outbound policy.</summary>
    public const string HttpClientName = "connectors";

    /// <summary>The client of sandbox connections: it connects to this app's sandbox endpoint and nowhere else.</summary>
    public const string SandboxHttpClientName = "connectors-sandbox";

    public IReadOnlyCollection<string> Providers => registrations.Select(r => r.Provider).ToList();

    public IConnector? Find(string provider) =>
        registrations.FirstOrDefault(r => r.Provider == provider) is { } registration
            ? (IConnector)services.GetRequiredService(registration.Type)
            : null;
}
