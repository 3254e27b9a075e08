namespace WorkPipelines.Domain.Connectors;

/// <summary>The provider refused the credentials (401/403, expired or revoked token): reconnect, do not retry.</summary>
public class ConnectorAuthException(string message) : Exception(message);

/// <summary>The provider is rate limiting or failing (429, 5xx) even after the HTTP retries: retry the run later.</summary>
public sealed class ConnectorUnavailableException(string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The provider sent something we cannot read; says which record broke.</summary>
public sealed class ConnectorDataException(string message, Exception? inner = null) : Exception(message, inner);
