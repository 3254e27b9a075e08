namespace WorkPipelines.Domain.Connectors;

/// <summary>
/// An account at a sandbox provider: its API token, how much history it has, and the faults
/// it injects. Not workspace data: the sandbox plays the provider, outside the tenant model.
/// The sandbox (WorkPipelines.Sandbox) reads and writes it; its table stays in this model because both migration sets are
/// generated from the Domain alone, and a model without it would drop the table at the next migration.
/// </summary>
public class SandboxAccount
{
    /// <summary>SHA-256 of the API token, as real providers keep keys: the raw token is in no database file.</summary>
    public required string TokenHash { get; init; }

    /// <summary>The raw token, known only to whoever created the account (never stored).</summary>
    public string? Token { get; init; }
    public required string Provider { get; init; }

    /// <summary>The service-account key file (JSON) of a GA4 sandbox account, known only to whoever created it (never stored).</summary>
    public string? ServiceAccountKey { get; init; }

    /// <summary>Seeds the generated data: the same seed always yields the same records.</summary>
    public int Seed { get; init; }

    /// <summary>Days of history up to today.</summary>
    public int HistoryDays { get; init; } = 730;

    /// <summary>Day the generated history ends (UTC); null means today. Tests pin it for exact counts.</summary>
    public DateOnly? EndsOn { get; init; }

    /// <summary>Share of requests (0-1) answered 500.</summary>
    public double ErrorRate { get; set; }

    /// <summary>Share of requests (0-1) answered 429 with Retry-After.</summary>
    public double RateLimitRate { get; set; }

    /// <summary>Added to every response.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Every request is refused with 401 (expired token).</summary>
    public bool TokenExpired { get; set; }

    /// <summary>Fail exactly this many more requests with 500, then recover (deterministic failure at page k).</summary>
    public int FailNextRequests { get; set; }

    /// <summary>Let this many requests through before <see cref="FailNextRequests"/> starts failing.</summary>
    public int FailAfterRequests { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}
