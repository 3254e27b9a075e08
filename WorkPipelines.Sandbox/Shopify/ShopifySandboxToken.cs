using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox.Shopify;

/// <summary>
/// Shopify's client-credentials grant for a Dev Dashboard app installed on a shop of its organization
/// (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant):
/// <c>POST /admin/oauth/access_token</c> with <c>grant_type=client_credentials</c>, <c>client_id</c> and <c>client_secret</c>
/// as a form (the documented request; Shopify's own Node library, @shopify/shopify-api 12.2.0
/// lib/auth/oauth/client-credentials.ts, sends the same fields as JSON, so both are read) answers
/// <c>{"access_token": "shpat_…", "scope": "read_orders,…", "expires_in": 86399}</c>; the token is sent as
/// <c>X-Shopify-Access-Token</c> and lasts 24 hours. A sandbox account's app has the client ID <see cref="ClientIdOf"/> and its
/// account token as client secret. Refusals are RFC 6749 §5.2 JSON (invalid_client, unsupported_grant_type), as the grant follows
/// RFC 6749 §4.4. Issued tokens are kept in memory by this instance, as the connection that asked for one calls this instance.
/// </summary>
public sealed class ShopifySandboxToken(SandboxAccounts accounts, TimeProvider time)
{
    /// <summary>86,399 s: a day less the second Shopify's examples show.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(86_399);

    private readonly ConcurrentDictionary<string, (string AccountToken, DateTimeOffset ExpiresAt)> _issued = new();

    /// <summary>The client ID of a sandbox account's app: 32 hex digits, like a Dev Dashboard app's.</summary>
    public static string ClientIdOf(string tokenHash) => tokenHash[..32].ToLowerInvariant();

    /// <summary>The account token behind an access token this endpoint issued and that has not expired; null otherwise.</summary>
    public string? AccountTokenOf(string accessToken) =>
        _issued.TryGetValue(accessToken, out var issued) && time.GetUtcNow() < issued.ExpiresAt ? issued.AccountToken : null;

    public bool Issued(string accessToken) => _issued.ContainsKey(accessToken);

    public int IssuedFor(string accountToken) => _issued.Values.Count(t => t.AccountToken == accountToken);

    /// <param name="scopesOf">The scopes the account's app was granted, answered in "scope" comma-separated as Shopify does.</param>
    public async Task<IResult> IssueAsync(HttpContext http, Func<SandboxAccount, IReadOnlyList<string>> scopesOf)
    {
        var fields = await FieldsAsync(http.Request, http.RequestAborted);
        if (fields is null) return Refused("invalid_request", "The request must be a form (application/x-www-form-urlencoded) or JSON.");
        if (fields.GetValueOrDefault("grant_type") != "client_credentials")
            return Refused("unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
        var secret = fields.GetValueOrDefault("client_secret");
        var account = string.IsNullOrEmpty(secret) ? null : await accounts.FindAsync(secret, http.RequestAborted);
        if (account is not { Provider: "shopify" } || fields.GetValueOrDefault("client_id") != ClientIdOf(account.TokenHash))
            return Refused("invalid_client", "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.");

        var now = time.GetUtcNow();
        foreach (var stale in _issued.Where(t => t.Value.ExpiresAt <= now).Select(t => t.Key).ToList()) _issued.TryRemove(stale, out _);
        var token = "shpat_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        _issued[token] = (secret!, now + Lifetime);
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = token, ["scope"] = string.Join(",", scopesOf(account)), ["expires_in"] = (int)Lifetime.TotalSeconds,
        });
    }

    private static async Task<Dictionary<string, string>?> FieldsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
            return (await request.ReadFormAsync(cancellationToken)).ToDictionary(f => f.Key, f => f.Value.ToString());
        try
        {
            var json = await JsonSerializer.DeserializeAsync<Dictionary<string, JsonElement>>(request.Body, cancellationToken: cancellationToken);
            return json?.Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Key, p => p.Value.GetString()!);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Refused(string error, string description) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: StatusCodes.Status400BadRequest);
}
