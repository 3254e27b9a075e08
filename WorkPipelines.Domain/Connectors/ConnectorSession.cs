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

    /// <summary>The clock waits are measured on (the app's <see cref="TimeProvider"/> in a sync).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Tells the run what it is doing while it waits ("Waiting for Zendesk's rate limit, 45 s"); nothing outside a run.</summary>
    public Func<string, Task> ReportAsync { get; init; } = _ => Task.CompletedTask;

    /// <summary>When the run's own timeout ends: no wait is started that would end after it (null: no deadline).</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The tokens of a connection made by signing in ("Connect with …"); null for pasted credentials.</summary>
    public OAuth.OAuthGrant? Grant { get; private set; } = OAuth.OAuthGrant.From(credentials);

    /// <summary>Gets a grant's next access token and keeps it with the connection; set for connections made by signing in.</summary>
    public Func<OAuth.OAuthGrant, CancellationToken, Task<OAuth.OAuthGrant>>? RefreshAsync { get; init; }

    private readonly SemaphoreSlim _refreshing = new(1, 1);

    /// <summary>
    /// The bearer token to call with: a signed-in connection's access token, replaced (once, by one caller) when it is about to
    /// expire by <see cref="Time"/>; otherwise the pasted <c>accessToken</c> credential.
    /// </summary>
    public async Task<string> AccessTokenAsync(CancellationToken cancellationToken)
    {
        if (Grant is null) return Credential("accessToken");
        if (!Grant.IsDue(Time.GetUtcNow()) || RefreshAsync is null) return Grant.AccessToken;
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            if (Grant.IsDue(Time.GetUtcNow())) Grant = await RefreshAsync(Grant, cancellationToken);
            return Grant.AccessToken;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public bool HasCredential(string name) => credentials.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value);

    public string Credential(string name) => credentials.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
        ? value
        : throw new ConnectorAuthException($"the connection has no '{name}' credential; reconnect it");
}
