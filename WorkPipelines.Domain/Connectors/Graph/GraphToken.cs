using System.Globalization;

namespace WorkPipelines.Domain.Connectors.Graph;

/// <summary>
/// What a Meta token says about itself at connect, so a missing permission or a token about to die is named on the form
/// rather than found by the first (or the hundredth) sync.
/// </summary>
/// <remarks>
/// Sources (checked 2026-12): <c>GET /debug_token?input_token=…</c> answers <c>{"data":{type, expires_at (0: never), is_valid,
/// scopes, …}}</c>, and Meta lets "an app access token or an app developer's user access token for the app associated with the
/// input_token" call it (https://developers.facebook.com/docs/graph-api/reference/debug_token/, Permissions, Fields): a token
/// from the Graph API Explorer is its developer's own, so it can inspect itself; other tokens may be refused, and then the
/// check is skipped, not failed. <c>GET /me/permissions</c> lists a user's (a system user's too) permissions, each
/// <c>{"permission","status":"granted"|"declined"}</c> (https://developers.facebook.com/docs/graph-api/reference/user/permissions/).
/// Lifetimes: short-lived user tokens last an hour or two, long-lived ones about 60 days
/// (https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived); system user tokens never expire or
/// last 60 days, as chosen when generated (https://developers.facebook.com/docs/business-management-apis/system-users/install-apps-and-generate-tokens).
/// The token travels in debug_token's query as Meta requires; .NET's HttpClient logs redact query strings (since .NET 9) and
/// our failures name only the path.
/// </remarks>
internal static class GraphToken
{
    /// <summary>A token that dies sooner than this is a short-lived one: the first scheduled sync would find it dead.</summary>
    public static readonly TimeSpan ShortLived = TimeSpan.FromDays(1);

    internal sealed record DebugTokenResponse(TokenInfo? Data);

    internal sealed record TokenInfo(string? Type, long? ExpiresAt, bool? IsValid, List<string>? Scopes);

    internal sealed record PermissionsResponse(List<PermissionEntry>? Data);

    internal sealed record PermissionEntry(string? Permission, string? Status);

    /// <summary>The token's own description, or null when Meta does not let this token inspect itself.</summary>
    public static async Task<TokenInfo?> InspectAsync(GraphApi graph, ConnectorSession session, string token, CancellationToken cancellationToken)
    {
        try
        {
            return (await graph.GetAsync<DebugTokenResponse>(session, token, $"debug_token?input_token={Uri.EscapeDataString(token)}", cancellationToken)).Data;
        }
        catch (Exception ex) when (ex is GraphPermissionException or ConnectorDataException)
        {
            // Not the app's own or its developer's token: nothing learned, and the calls that follow still check the token.
            return null;
        }
    }

    /// <summary>The permissions a user or system user token holds (granted ones only).</summary>
    public static async Task<IReadOnlySet<string>> GrantedAsync(GraphApi graph, ConnectorSession session, string token, CancellationToken cancellationToken)
    {
        var answer = await graph.GetAsync<PermissionsResponse>(session, token, "me/permissions", cancellationToken);
        return (answer.Data ?? []).Where(p => p.Status == "granted" && p.Permission is not null).Select(p => p.Permission!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Refuses a token that dies within <see cref="ShortLived"/>, saying when and what to use instead.</summary>
    public static void ThrowIfShortLived(TokenInfo? token, TimeProvider time, string instead)
    {
        if (token?.ExpiresAt is not ({ } seconds and > 0)) return;
        var expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (expires - time.GetUtcNow() >= ShortLived) return;
        throw new ConnectorAuthException(
            $"this token expires at {expires.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC: it is a short-lived token " +
            "(those from the Graph API Explorer last an hour or two), so the next sync would fail. " +
            $"Use a system user token (Business Settings → Users → System users → Generate new token, expiry Never){instead}, then reconnect");
    }

    /// <summary>Refuses a token without every one of <paramref name="needed"/>, naming each missing one and where to add it.</summary>
    public static void ThrowIfLacking(IReadOnlyCollection<string> granted, IReadOnlyList<string> needed, string whereToAdd)
    {
        var missing = needed.Where(p => !granted.Contains(p)).ToList();
        if (missing.Count == 0) return;
        throw new ConnectorAuthException(
            $"this token lacks {Join(missing)}: {whereToAdd} and tick {(missing.Count == 1 ? "it" : "them")}, then reconnect with the new token");
    }

    /// <summary>"a", "a and b", "a, b and c".</summary>
    public static string Join(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names) : $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";
}
