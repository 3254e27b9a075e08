using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Connectors.Sync;

namespace WorkPipelines.Domain.Connectors;

/// <summary>Builds the session a connector reads with: the shared resilient HTTP client and the decrypted credentials.</summary>
public sealed class ConnectionSessions(IHttpClientFactory clients, CredentialProtector protector, IOptions<ConnectorOptions> options,
    TimeProvider time, OAuth.OAuthGrants grants, IServiceScopeFactory scopes, ISandbox? sandbox = null)
{
    /// <param name="report">Progress of a run while the connector waits out a rate limit; null outside a run.</param>
    /// <param name="deadline">When the run's timeout ends; waits that would end later are not started.</param>
    public ConnectorSession Open(Connection connection, Func<string, Task>? report = null, DateTimeOffset? deadline = null)
    {
        IReadOnlyDictionary<string, string> credentials;
        try
        {
            credentials = protector.Unprotect(connection.ProtectedCredentials);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // The key ring that encrypted them is gone: only a reconnect can help.
            throw new ConnectorAuthException("the stored credentials can no longer be decrypted; reconnect the source");
        }
        var client = clients.CreateClient(connection.UsesSandbox ? ConnectorRegistry.SandboxHttpClientName : ConnectorRegistry.HttpClientName);
        var title = ProviderCatalog.Find(connection.Provider)?.Title ?? connection.Provider;
        return new ConnectorSession(client, BaseUrlOf(connection, credentials), credentials, connection.Id, title)
        {
            Time = time,
            ReportAsync = report ?? (_ => Task.CompletedTask),
            Deadline = deadline,
            RefreshAsync = (grant, cancellationToken) => RefreshAsync(connection, grant, title, cancellationToken),
        };
    }

    /// <summary>
    /// A new access token for a signed-in connection, kept with its credentials before it is used: a run killed right after
    /// still leaves the newest tokens (a provider that rotates refresh tokens accepts only the newest). Only a sync refreshes,
    /// and a connection's syncs run one at a time on any instance (its concurrency key), so a grant is refreshed once.
    /// </summary>
    private async Task<OAuth.OAuthGrant> RefreshAsync(Connection connection, OAuth.OAuthGrant grant, string title, CancellationToken cancellationToken)
    {
        var fresh = await grants.RefreshAsync(grant, title, cancellationToken);
        var credentials = fresh.WriteTo(protector.Unprotect(connection.ProtectedCredentials));
        connection.ProtectedCredentials = protector.Protect(credentials);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Data.WorkDbContext>().Connections.IgnoreQueryFilters().Where(c => c.Id == connection.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ProtectedCredentials, connection.ProtectedCredentials), cancellationToken);
        return fresh;
    }

    /// <summary>
    /// Where the connection's API is, decided now rather than read from <see cref="Connection.BaseUrl"/>: rows written
    /// before the outbound policy may hold any address someone typed. A sandbox connection goes to the sandbox
    /// (<see cref="ISandbox"/>: the server chose that address, and its client can reach nothing else); a real one to the provider's own host,
    /// unless the operator configured <see cref="ConnectorOptions.ProviderBaseUrls"/> (tests, staging imitations), which
    /// still passes the outbound policy.
    /// </summary>
    public Uri BaseUrlOf(Connection connection, IReadOnlyDictionary<string, string> credentials)
    {
        if (connection.UsesSandbox) return sandbox?.BaseUrlOf(connection.Provider) ?? throw new ConnectorAuthException(ConnectionService.NoSandbox);
        if (options.Value.ProviderBaseUrls.GetValueOrDefault(connection.Provider) is { Length: > 0 } configured)
            return new Uri(configured.EndsWith('/') ? configured : configured + "/");
        var (url, problem) = ProviderHosts.Derive(connection.Provider, credentials.ToDictionary());
        return url ?? throw new ConnectorAuthException($"the stored connection details are not valid any more: {problem} Reconnect the source.");
    }
}
