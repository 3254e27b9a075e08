using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox;

/// <summary>
/// Creates sandbox accounts and answers who a token belongs to. Cached, as every sandbox request asks, but
/// only for <see cref="CacheFor"/>: with several instances, faults set through one reach the others' sandboxes
/// (a connection calls the sandbox of the instance it was connected through) within that time.
/// </summary>
public sealed class SandboxAccounts(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Cached> _cache = new();
    private readonly ConcurrentDictionary<string, int> _requests = new();

    // Scripted rate limits are kept here, not in the account's row: like the request counts above, they are this
    // instance's, and a test or demo that sets them calls this instance's sandbox.
    private readonly ConcurrentDictionary<string, ScriptedRateLimit> _rateLimits = new();

    // What an account's credential lacks, and when its token dies, kept the same way: this instance's, like the
    // scripted rate limits (no column, so no migration), set by whoever then calls this instance's sandbox.
    private readonly ConcurrentDictionary<string, SandboxGrant> _grants = new();

    public async Task<SandboxAccount> CreateAsync(string provider, int historyDays = 730, DateOnly? endsOn = null, int? seed = null, CancellationToken cancellationToken = default)
    {
        var token = $"sbx_{provider}_{Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()}";
        var hash = Hash(token);
        // A GA4 account is reached with a service-account key, as a real property is.
        var keyFile = provider == Ga4.Ga4Sandbox.Key ? Ga4.Ga4SandboxKeys.Create(token, hash) : null;
        var account = new SandboxAccount
        {
            TokenHash = hash,
            Token = token,
            ServiceAccountKey = keyFile,
            Provider = provider,
            Seed = seed ?? RandomNumberGenerator.GetInt32(int.MaxValue),
            HistoryDays = Math.Clamp(historyDays, 1, 3650),
            EndsOn = endsOn,
            CreatedAt = time.GetUtcNow(),
        };
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        db.SandboxAccounts.Add(account);
        await db.SaveChangesAsync(cancellationToken);
        _cache[account.TokenHash] = new Cached(account, time.GetUtcNow());
        return account;
    }

    /// <summary>The account token of a sandbox connection's credentials: its secret (of whichever way it connected), the key id of a GA4 service-account key, or inside its signed-in grant.</summary>
    public static string TokenOf(string provider, IReadOnlyDictionary<string, string> credentials)
    {
        if (Domain.Connectors.OAuth.OAuthGrant.From(credentials) is { } grant) return OAuth.SandboxOAuth.ReadAccessToken(grant.AccessToken).AccountToken;
        var secret = credentials[Domain.Connectors.ProviderCatalog.Find(provider)!.Credentials.First(f => f.Secret && credentials.ContainsKey(f.Name)).Name];
        return provider == Ga4.Ga4Sandbox.Key
            ? Ga4.Ga4SandboxKeys.TokenOf(System.Text.Json.JsonDocument.Parse(secret).RootElement.GetProperty("private_key_id").GetString()!)
            : secret;
    }

    internal static string Hash(string token) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    /// <summary>The account of an API token, or of an access token the sandbox's OAuth endpoints issued (expired or not).</summary>
    public async Task<SandboxAccount?> FindAsync(string token, CancellationToken cancellationToken = default)
    {
        var hash = Hash(OAuth.SandboxOAuth.ReadAccessToken(token).AccountToken);
        if (_cache.TryGetValue(hash, out var cached) && time.GetUtcNow() - cached.LoadedAt < CacheFor) return cached.Account;
        await using var scope = scopes.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<WorkDbContext>().SandboxAccounts.AsNoTracking()
            .FirstOrDefaultAsync(a => a.TokenHash == hash, cancellationToken);
        if (account is null) return null;
        _cache[hash] = new Cached(account, time.GetUtcNow());
        return account;
    }

    /// <summary>An access token from the sandbox's OAuth endpoints past its expiry, judged by the app's clock.</summary>
    internal bool IsExpiredAccessToken(string token) => OAuth.SandboxOAuth.ReadAccessToken(token).Expires is { } expires && expires <= time.GetUtcNow();

    /// <summary>Changes an account's faults; they apply from the next request.</summary>
    public async Task<SandboxAccount?> SetFaultsAsync(string token, SandboxFaults faults, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        var hash = Hash(token);
        var account = await db.SandboxAccounts.FirstOrDefaultAsync(a => a.TokenHash == hash, cancellationToken);
        if (account is null) return null;
        account.ErrorRate = Math.Clamp(faults.ErrorRate, 0, 1);
        account.RateLimitRate = Math.Clamp(faults.RateLimitRate, 0, 1);
        account.LatencyMs = Math.Clamp(faults.LatencyMs, 0, 30_000);
        account.TokenExpired = faults.TokenExpired;
        account.FailAfterRequests = Math.Max(0, faults.FailAfterRequests);
        account.FailNextRequests = Math.Max(0, faults.FailNextRequests);
        await db.SaveChangesAsync(cancellationToken);
        _requests.TryRemove(hash, out _);
        if (faults.RateLimitNextRequests > 0)
            _rateLimits[hash] = new ScriptedRateLimit(faults.RateLimitNextRequests, Math.Clamp(faults.RetryAfterSeconds, 1, MaxRetryAfterSeconds));
        else _rateLimits.TryRemove(hash, out _);
        var lacks = (faults.Lacks ?? []).Select(p => p.Trim()).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);
        if (lacks.Count > 0 || faults.TokenExpiresInMinutes > 0)
            _grants[hash] = new SandboxGrant(lacks, faults.TokenExpiresInMinutes > 0 ? time.GetUtcNow().AddMinutes(faults.TokenExpiresInMinutes) : null);
        else _grants.TryRemove(hash, out _);
        _cache[hash] = new Cached(account, time.GetUtcNow());
        return account;
    }

    /// <summary>Counts the request; true while it falls in the scripted failure window.</summary>
    internal bool ShouldFailScripted(SandboxAccount account)
    {
        if (account.FailNextRequests == 0) return false;
        var seen = _requests.AddOrUpdate(account.TokenHash, 1, (_, n) => n + 1);
        return seen > account.FailAfterRequests && seen <= account.FailAfterRequests + account.FailNextRequests;
    }

    /// <summary>
    /// Counts down a scripted rate limit: the Retry-After seconds while requests are still to be refused, else null.
    /// </summary>
    internal int? ScriptedRetryAfter(SandboxAccount account)
    {
        while (_rateLimits.TryGetValue(account.TokenHash, out var limit))
        {
            var next = limit with { Left = limit.Left - 1 };
            if (next.Left == 0 ? _rateLimits.TryRemove(new(account.TokenHash, limit)) : _rateLimits.TryUpdate(account.TokenHash, next, limit))
                return limit.Seconds;
        }
        return null;
    }

    /// <summary>What this account's credential lacks (permissions by the provider's names) and when its token expires (null: never).</summary>
    public SandboxGrant GrantOf(SandboxAccount account) => _grants.GetValueOrDefault(account.TokenHash) ?? SandboxGrant.Full;

    /// <summary>The longest Retry-After a script may ask for: an hour, the longest window providers document (Meta's).</summary>
    public const int MaxRetryAfterSeconds = 3600;

    private sealed record ScriptedRateLimit(int Left, int Seconds);

    private sealed record Cached(SandboxAccount Account, DateTimeOffset LoadedAt);
}

/// <summary>What a sandbox account's credential may do: everything but <see cref="Lacks"/>, until <see cref="ExpiresAt"/>.</summary>
public sealed record SandboxGrant(IReadOnlySet<string> Lacks, DateTimeOffset? ExpiresAt)
{
    public const string PropertyAccess = "property_access";
    public const string DataApi = "data_api";

    public static readonly SandboxGrant Full = new(new HashSet<string>(), null);

    public bool Has(string permission) => !Lacks.Contains(permission);
}
