using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace WorkPipelines.Sandbox.Graph;

/// <summary>
/// What every Graph API sandbox shares with the real Graph: tokens as <c>access_token</c> or an
/// <c>Authorization: Bearer|OAuth</c> header, the Graph error body (HTTP 400 with a code for
/// auth and throttling), opaque base64 cursors with <c>paging.next</c> URLs, and usage headers
/// that rise with the calls an account made in the last minute.
/// </summary>
internal sealed class GraphSandbox(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _calls = new();

    public static string? ReadToken(HttpRequest request)
    {
        if (request.Query["access_token"].ToString() is { Length: > 0 } query) return query;
        var header = request.Headers.Authorization.ToString();
        foreach (var scheme in new[] { "Bearer ", "OAuth " })
            if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length) return header[scheme.Length..].Trim();
        return null;
    }

    /// <summary>A fault as Graph reports it: auth and throttling are HTTP 400 with a code; server trouble is 500 with code 2.</summary>
    public static IResult Error(int status, string code, string message, int rateLimitCode) => code switch
    {
        "expired_token" => Body(400, "Error validating access token: Session has expired on Friday, 01-Nov-24 09:00:00 PDT.", "OAuthException", 190, 463),
        "invalid_token" => Body(400, "Invalid OAuth access token - Cannot parse access token", "OAuthException", 190, null),
        "page_token_required" => Body(400, "(#190) This method must be called with a Page Access Token", "OAuthException", 190, null),
        "rate_limited" => Body(400, rateLimitCode == 80000
            ? "There have been too many calls from this ad-account. Wait a bit and try again."
            : "There have been too many calls to this Page account. Wait a bit and try again.", "OAuthException", rateLimitCode, 2446079),
        _ when status >= 500 => Body(500, "An unexpected error has occurred. Please retry your request later.", "OAuthException", 2, null, transient: true),
        _ => Body(status, $"(#100) {message}", "OAuthException", 100, null),
    };

    /// <summary>What the insights edge answers when one call would compute too much.</summary>
    public static IResult TooMuchData() =>
        Body(400, "Please reduce the amount of data you're asking for, then retry your request", "OAuthException", 1, 99);

    public static IResult InvalidParameter(string message) => Body(400, $"(#100) {message}", "OAuthException", 100, null);

    private static IResult Body(int status, string message, string type, int code, int? subcode, bool transient = false)
    {
        var error = new Dictionary<string, object> { ["message"] = message, ["type"] = type, ["code"] = code };
        // Graph leaves error_subcode out when there is none.
        if (subcode is { } s) error["error_subcode"] = s;
        error["is_transient"] = transient;
        error["fbtrace_id"] = "A" + Convert.ToHexString(Guid.NewGuid().ToByteArray())[..22];
        return Results.Json(new Dictionary<string, object> { ["error"] = error }, statusCode: status);
    }

    /// <summary>Adds the usage header the real API would send; values are % of budget, 1 per call in the last minute. Returns the call count.</summary>
    public int AddUsage(HttpContext http, string header, string accountId, string useCase)
    {
        var now = time.GetUtcNow();
        // Meta meters each business use case apart (a Page token's Instagram calls have a budget of their own:
        // https://developers.facebook.com/docs/graph-api/overview/rate-limiting, "Business Use Case Rate Limits").
        var calls = _calls.GetOrAdd($"{http.SandboxAccount().TokenHash}:{useCase}", _ => new ConcurrentQueue<DateTimeOffset>());
        calls.Enqueue(now);
        while (calls.TryPeek(out var oldest) && oldest < now.AddMinutes(-1)) calls.TryDequeue(out _);
        var count = Math.Min(100, calls.Count);
        var usage = new Dictionary<string, object>
        {
            ["type"] = useCase, ["call_count"] = count, ["total_cputime"] = count * 6 / 10, ["total_time"] = count * 8 / 10,
            ["estimated_time_to_regain_access"] = count >= 100 ? 1 : 0,
        };
        if (useCase == "ads_insights") usage["ads_api_access_tier"] = "standard_access";
        http.Response.Headers[header] = JsonSerializer.Serialize(new Dictionary<string, object[]> { [accountId] = [usage] });
        return count;
    }

    public static string Cursor(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string? FromCursor(string cursor)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>This request's URL at graph.facebook.com with some parameters replaced, as Graph builds <c>paging.next</c>.</summary>
    public static string Link(HttpRequest request, string version, string path, IReadOnlyDictionary<string, string> replace)
    {
        var query = new QueryBuilder();
        foreach (var (key, values) in request.Query.Where(q => !replace.ContainsKey(q.Key)))
            foreach (var value in values) query.Add(key, value ?? "");
        foreach (var (key, value) in replace) query.Add(key, value);
        return $"https://graph.facebook.com/{version}/{path}{query}";
    }

    /// <summary>
    /// Cursor paging of a list edge: <c>cursors.before/after</c> around the ids shown and, when more follow, a <c>next</c>
    /// URL with <c>after</c> set. <paramref name="ids"/> holds the page's ids and one more when another page follows.
    /// </summary>
    public static Dictionary<string, object> Paging(HttpRequest request, string version, string edgePath, IReadOnlyList<string> ids, int limit)
    {
        var paging = new Dictionary<string, object>();
        if (ids.Count == 0) return paging;
        var last = ids[Math.Min(ids.Count, limit) - 1];
        paging["cursors"] = new { before = Cursor(ids[0]), after = Cursor(last) };
        if (ids.Count > limit) paging["next"] = Link(request, version, edgePath, new Dictionary<string, string> { ["after"] = Cursor(last) });
        return paging;
    }

    /// <summary>Graph takes a Unix timestamp or a date for <c>since</c>/<c>until</c>.</summary>
    public static DateTimeOffset? Instant(string text) =>
        long.TryParse(text, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds)
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    public static bool IsVersion(string version) =>
        version.Length > 3 && version[0] == 'v' && version.IndexOf('.') is > 1 and var dot && dot < version.Length - 1
        && version[1..dot].All(char.IsAsciiDigit) && version[(dot + 1)..].All(char.IsAsciiDigit);

    // Meta's published Marketing API expiry dates (https://developers.facebook.com/docs/marketing-api/marketing-api-changelog/versions);
    // versions older than v21.0 had all expired by 2025-05-06, later ones are "TBD".
    private static readonly Dictionary<int, DateOnly> MarketingExpiry = new()
    {
        [21] = new(2025, 9, 9), [22] = new(2026, 2, 19), [23] = new(2026, 6, 9), [24] = new(2026, 11, 10), [25] = new(2027, 2, 23),
    };

    /// <summary>The Marketing API refuses an expired version with code 2635 rather than upgrading the call.</summary>
    public static IResult? ExpiredMarketingVersion(string version, DateOnly today)
    {
        var major = int.Parse(version[1..version.IndexOf('.')], CultureInfo.InvariantCulture);
        var expired = major < 21 || (MarketingExpiry.TryGetValue(major, out var last) && today > last);
        return expired
            ? Body(400, $"(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version: v27.0.", "OAuthException", 2635, null)
            : null;
    }

    /// <summary>
    /// <c>GET /debug_token?input_token=…</c> for the caller's own token: <c>{"data":{type, app_id, application, expires_at
    /// (0: never), data_access_expires_at, is_valid, issued_at, scopes, user_id}}</c>
    /// (https://developers.facebook.com/docs/graph-api/reference/debug_token/, Fields). Meta lets an app's token or its
    /// developer's user token inspect tokens of that app; the sandbox answers any of its tokens about itself.
    /// </summary>
    public IResult DebugToken(HttpContext http, SandboxAccounts accounts, string type, IEnumerable<string> scopes)
    {
        if (http.Request.Query["input_token"].ToString() != ReadToken(http.Request))
            return InvalidParameter("The sandbox inspects only the token that asks (input_token must be the caller's own token).");
        var account = http.SandboxAccount();
        var grant = accounts.GrantOf(account);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        return Results.Json(new
        {
            data = new
            {
                app_id = "1000000000000001", type, application = "Work Pipelines sandbox",
                data_access_expires_at = now + 90 * 86_400,
                // A signed-in person's token carries its own expiry; a pasted one expires as a fault scripts it, or never.
                expires_at = (OAuth.SandboxOAuth.ReadAccessToken(ReadToken(http.Request)!).Expires ?? grant.ExpiresAt)?.ToUnixTimeSeconds() ?? 0,
                is_valid = true,
                issued_at = account.CreatedAt.ToUnixTimeSeconds(),
                scopes = scopes.Where(grant.Has).ToArray(),
                user_id = (1_000_000_000 + account.Seed % 1_000_000).ToString(CultureInfo.InvariantCulture),
            },
        });
    }

    /// <summary>
    /// <c>GET /me/permissions</c> of a user (system users included): each permission the app asked for, granted or declined,
    /// <c>{"data":[{"permission":"ads_read","status":"granted"}]}</c> (https://developers.facebook.com/docs/graph-api/reference/user/permissions/).
    /// </summary>
    public static IResult Permissions(HttpContext http, SandboxAccounts accounts, IEnumerable<string> asked)
    {
        var grant = accounts.GrantOf(http.SandboxAccount());
        return Results.Json(new { data = asked.Select(p => new { permission = p, status = grant.Has(p) ? "granted" : "declined" }) });
    }

    /// <summary>A call the token lacks a permission for: Graph's permission errors, code 10 or 200-299.</summary>
    public static IResult Lacks(string permission, int code = 10) =>
        Body(403, $"(#{code}) This endpoint requires the '{permission}' permission.", "OAuthException", code, null);

    public static IResult UnknownVersion(string version) => Body(400, $"Unknown path components: /{version}", "OAuthException", 2500, null);
}
