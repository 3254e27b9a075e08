namespace WorkPipelines.Domain.Connectors;

/// <summary>Builds the session a connector reads with: the shared resilient HTTP client and the decrypted credentials.</summary>
public sealed class ConnectionSessions(IHttpClientFactory clients, CredentialProtector protector)
{
    public ConnectorSession Open(Connection connection)
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
        var baseUrl = connection.BaseUrl.EndsWith('/') ? connection.BaseUrl : connection.BaseUrl + "/";
        return new ConnectorSession(clients.CreateClient(ConnectorRegistry.HttpClientName), new Uri(baseUrl), credentials, connection.Id);
    }
}
