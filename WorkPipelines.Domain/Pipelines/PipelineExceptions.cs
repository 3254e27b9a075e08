namespace WorkPipelines.Domain.Pipelines;

/// <summary>A failure another attempt may not hit (timeout of a call, HTTP 5xx, rate limit). The run is retried with backoff.</summary>
public class TransientPipelineException(string message, Exception? innerException = null)
    : Exception(message, innerException);

/// <summary>
/// A failure that retrying cannot fix (bad credentials, invalid input). The run fails at once;
/// the message is shown to a person, so say what to do ("reconnect Stripe: the API key was revoked").
/// </summary>
public class PermanentPipelineException(string message, Exception? innerException = null)
    : Exception(message, innerException);
