namespace WorkPipelines.Domain.Connectors;

/// <summary>What a connector gets for one sync: an HTTP client already pointed at the provider, and the credentials.</summary>
public sealed class ConnectorSession(HttpClient http, Uri baseUrl, IReadOnlyDictionary<string, string> credentials, Guid connectionId, string providerTitle)
{
    /// <summary>From IHttpClientFactory with the standard resilience handler (retries honour Retry-After), under the outbound policy.</summary>
    public HttpClient Http { get; } = http;

    /// <summary>The provider's API root, ending with '/'.</summary>
    public Uri BaseUrl { get; } = baseUrl;
    public Guid ConnectionId { get; } = connectionId;

    /// <summary>The provider's name for people ("Stripe"), for errors that say whose API answered badly.</summary>
    public string ProviderTitle { get; } = providerTitle;

    public string Credential(string name) => credentials.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
        ? value
        : throw new ConnectorAuthException($"the connection has no '{name}' credential; reconnect it");
}
