using System.Net.Http;

namespace WorkPipelines.Domain.Connectors;

/// <summary>
/// The imitation of the providers that sandbox connections talk to, as <see cref="ConnectionService"/> and
/// <see cref="ConnectionSessions"/> see it. WorkPipelines.Sandbox supplies it (<c>AddSandbox()</c>); a host without it
/// refuses sandbox connections. A sandbox connection is made, checked and synced by the same code as a real one: only
/// the credentials it gets here, its address and the HTTP client that reaches nothing but that address differ.
/// </summary>
public interface ISandbox
{
    /// <summary>
    /// A new account at <paramref name="provider"/>'s imitation, with <paramref name="historyDays"/> of data (null: the
    /// sandbox's default) and <paramref name="faults"/> from the start, and the credentials a person would enter for the
    /// provider's recommended way of connecting (its first method).
    /// </summary>
    Task<Dictionary<string, string>> CreateAccountAsync(ProviderInfo provider, int? historyDays, SandboxFaults? faults, CancellationToken cancellationToken = default);

    /// <summary>Sets the faults of the account behind a sandbox connection's credentials; false when the account no longer exists.</summary>
    Task<bool> SetFaultsAsync(string provider, IReadOnlyDictionary<string, string> credentials, SandboxFaults faults, CancellationToken cancellationToken = default);

    /// <summary>Where the provider's imitation answers (ends with a slash): the server chose it, never a user.</summary>
    Uri BaseUrlOf(string provider);

    /// <summary>
    /// A plausible value of a non-secret field of a sandbox connection (a shop domain, a GA4 property id, a Zendesk
    /// subdomain), for a sign-in at the sandbox where a person would type it.
    /// </summary>
    string ValueOf(string provider, string field);

    /// <summary>The connect callback of the sandbox connections' HTTP client: it reaches the sandbox's address and nothing else.</summary>
    ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken);
}

/// <summary>Faults a sandbox account injects.</summary>
/// <param name="Lacks">What the account's credential lacks, so a connect check can be seen naming it: Meta permissions
/// (<c>ads_read</c>; <c>pages_read_engagement</c>, <c>read_insights</c>, <c>pages_show_list</c>, <c>instagram_basic</c>,
/// <c>instagram_manage_insights</c>), or for GA4 <c>property_access</c> (the service account is not a user
/// of the property) and <c>data_api</c> (the Data API is not enabled in its Cloud project).</param>
/// <param name="TokenExpiresInMinutes">Meta tokens: the token reports that it expires this many minutes from now, as a
/// Graph API Explorer token does (0: never, as a system user's).</param>
/// <param name="RateLimitNextRequests">The next this many requests are answered 429 with a Retry-After of <paramref name="RetryAfterSeconds"/>
/// (a rate limit longer than the HTTP client's timeout, as Zendesk's export answers with up to 60 s).</param>
public sealed record SandboxFaults(
    double ErrorRate = 0, double RateLimitRate = 0, int LatencyMs = 0, bool TokenExpired = false,
    int FailAfterRequests = 0, int FailNextRequests = 0, int RateLimitNextRequests = 0, int RetryAfterSeconds = 1,
    string[]? Lacks = null, int TokenExpiresInMinutes = 0);

