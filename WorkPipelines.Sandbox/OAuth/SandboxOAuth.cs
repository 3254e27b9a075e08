using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.OAuth;

namespace WorkPipelines.Sandbox.OAuth;

/// <summary>
/// A provider's OAuth 2.0 web-server flow, played by the sandbox at the provider's paths under its root and in its format
/// (<see cref="SandboxOAuthFormat"/>; Google's is https://developers.google.com/identity/protocols/oauth2/web-server): a
/// consent page that sends the browser back with <c>code</c> and <c>state</c> (or <c>error=access_denied</c>); the token
/// endpoint's <c>authorization_code</c> grant (with the PKCE verifier) answering <c>{access_token, expires_in, refresh_token,
/// scope, token_type}</c> and its <c>refresh_token</c> grant answering the same, with a new refresh token only where the
/// provider rotates them; a revoked or expired grant refused with <c>{"error": "invalid_grant", …}</c>; and, where the
/// provider documents them, revocation (200, or 400 <c>invalid_token</c>) and a metadata GET. Allowing creates a sandbox
/// account, as signing in to a new account with fresh data would. Codes and refresh tokens are protected with the app's key
/// ring, so any instance can redeem them; a code is redeemed once and a rotated refresh token works no more (Zendesk deletes
/// it), as far as this instance has seen (the sandbox keeps what was spent in memory).
/// </summary>
public sealed class SandboxOAuth(SandboxAccounts accounts, IDataProtectionProvider protection, IOptions<SandboxOptions> options, TimeProvider time)
{
    public const string AuthorizePath = "o/oauth2/v2/auth";
    public const string TokenPath = "token";
    public const string RevokePath = "revoke";

    private const string AuthorizationCode = "authorization_code";
    private const string RefreshTokenGrant = "refresh_token";
    private const string Revoked = "Token has been expired or revoked.";

    /// <summary>Codes redeemed and refresh tokens replaced (by their hash), with when they would have lapsed anyway.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _spent = new();

    private IDataProtector Codes => protection.CreateProtector("WorkPipelines.Sandbox.OAuth.Code");
    private IDataProtector RefreshTokens => protection.CreateProtector("WorkPipelines.Sandbox.OAuth.Refresh");

    /// <summary>
    /// Maps the consent page, and the revocation and metadata endpoints where the provider has them; the token endpoint's
    /// grants are in <see cref="TokenAsync"/>, mapped here too unless <paramref name="withToken"/> is false (Google's token
    /// endpoint also serves the service account's grant).
    /// </summary>
    public static void MapEndpoints(IEndpointRouteBuilder group, SandboxOAuthFormat format, bool withToken = true)
    {
        // Allowing creates a sandbox account for whoever posts the form: the sign-ins exist only where they are offered.
        if (!group.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<OAuthOptions>>().Value.Sandbox) return;
        group.MapGet("/" + format.AuthorizePath, (HttpContext http, SandboxOAuth oauth) => oauth.ConsentPage(format, http.Request.Query));
        group.MapPost("/" + format.AuthorizePath, (HttpContext http, SandboxOAuth oauth) => oauth.DecideAsync(format, http));
        if (withToken)
            group.MapPost("/" + format.TokenPath, async (HttpContext http, SandboxOAuth oauth) =>
                http.Request.HasFormContentType && await oauth.TokenAsync(format, http, await http.Request.ReadFormAsync(http.RequestAborted)) is { } answer
                    ? answer
                    : Refused("unsupported_grant_type", "The grant type is not supported."));
        if (format.RevokePath is { } revoke)
            group.MapMethods("/" + revoke, [format.RevokesCurrent ? HttpMethods.Delete : HttpMethods.Post], (HttpContext http, SandboxOAuth oauth) => oauth.RevokeAsync(format, http));
        if (format.MetadataPath is { } metadata) group.MapGet("/" + metadata, (HttpContext http, SandboxOAuth oauth) => oauth.MetadataAsync(http));
    }

    /// <summary>The sandbox's access token for an account: its API token with the moment it stops being accepted.</summary>
    public static string AccessToken(string accountToken, DateTimeOffset expires) => $"{accountToken}~{expires.ToUnixTimeSeconds()}";

    /// <summary>The account token inside an access token, and when the access token expires (null: an API token, which does not).</summary>
    public static (string AccountToken, DateTimeOffset? Expires) ReadAccessToken(string token) =>
        token.LastIndexOf('~') is var at and > 0 && long.TryParse(token.AsSpan(at + 1), out var seconds)
            ? (token[..at], DateTimeOffset.FromUnixTimeSeconds(seconds))
            : (token, null);

    private IResult ConsentPage(SandboxOAuthFormat format, IQueryCollection query)
    {
        if (Problem(format, query) is { } problem) return ErrorPage(problem);
        var hidden = string.Concat(new[] { "client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method" }
            .Select(name => $"<input type=\"hidden\" name=\"{name}\" value=\"{Html(query[name])}\">"));
        return Results.Content($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Sign in - {format.AccountName}s (sandbox)</title></head>
            <body style="font-family: sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem">
            <h1>{format.Title} (sandbox)</h1>
            <p><strong>Work Pipelines</strong> wants to access your {format.AccountName}:</p>
            <ul><li>{format.ConsentLine}</li></ul>
            <p>This is the Work Pipelines sandbox playing {format.Title}'s sign-in: allowing creates a sandbox account with demo data.</p>
            <form method="post">{hidden}
            <button type="submit" name="decision" value="deny">Cancel</button>
            <button type="submit" name="decision" value="allow" data-testid="sandbox-allow">Allow</button>
            </form></body></html>
            """, "text/html; charset=utf-8");
    }

    private async Task<IResult> DecideAsync(SandboxOAuthFormat format, HttpContext http)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (Problem(format, form) is { } problem) return ErrorPage(problem);
        var redirect = form["redirect_uri"].ToString();
        var state = form["state"].ToString();
        if (form["decision"] != "allow")
            return Results.Redirect(With(redirect, ("error", "access_denied"), ("state", state)));

        var account = await accounts.CreateAsync(format.Provider, options.Value.SandboxHistoryDays, cancellationToken: http.RequestAborted);
        var code = Codes.Protect(JsonSerializer.Serialize(new CodeGrant(account.Token!, form["client_id"]!, redirect, form["code_challenge"].ToString(),
            form["scope"].ToString(), time.GetUtcNow().AddMinutes(10))));
        // Facebook sends back code and state alone.
        return Results.Redirect(format.Scope is null || format.LongLivedGrant is not null
            ? With(redirect, ("state", state), ("code", format.CodePrefix + code))
            : With(redirect, ("state", state), ("code", format.CodePrefix + code), ("scope", form["scope"].ToString())));
    }

    /// <summary>The token endpoint's authorization_code and refresh_token grants; null for another grant type.</summary>
    public async Task<IResult?> TokenAsync(SandboxOAuthFormat format, HttpContext http, IFormCollection form)
    {
        var grantType = form["grant_type"].ToString();
        var longLived = format.LongLivedGrant is { } exchange && grantType == exchange;
        if (grantType is not (AuthorizationCode or RefreshTokenGrant) && !longLived) return null;
        if (!ClientAuthenticated(http, form)) return Refused("invalid_client", "Unauthorized", StatusCodes.Status401Unauthorized);

        if (longLived)
        {
            // Only a live token is traded: "You can not use an expired token to request a long-lived token" (Facebook).
            var (account, expires) = ReadAccessToken(form[format.LongLivedGrant!].ToString());
            if (expires is not { } end || end <= time.GetUtcNow() || await accounts.FindAsync(account, http.RequestAborted) is not { TokenExpired: false })
                return Refused("invalid_grant", "Error validating access token: Session has expired.");
            return Issued(format, account, "", refreshToken: null, SandboxOAuthFormat.LongLived);
        }

        if (grantType == AuthorizationCode)
        {
            var code = form["code"].ToString();
            if (!code.StartsWith(format.CodePrefix, StringComparison.Ordinal) || Unprotect(Codes, code[format.CodePrefix.Length..]) is not { } json)
                return Refused("invalid_grant", "Malformed auth code.");
            var grant = JsonSerializer.Deserialize<CodeGrant>(json)!;
            if (grant.Expires < time.GetUtcNow()) return Refused("invalid_grant", "Bad Request");
            if (grant.RedirectUri != form["redirect_uri"]) return Refused("redirect_uri_mismatch", "Bad Request");
            // A challenge sent at the authorization must be answered; where PKCE is optional, a sign-in without one has none to answer.
            if (format.Pkce == Pkce.Required || grant.CodeChallenge.Length > 0)
            {
                if (form["code_verifier"].ToString() is not { Length: > 0 } verifier) return Refused("invalid_grant", "Missing code verifier.");
                if (Challenge(verifier) != grant.CodeChallenge) return Refused("invalid_grant", "Invalid code verifier.");
            }
            if (await accounts.FindAsync(grant.AccountToken, http.RequestAborted) is not { TokenExpired: false }) return Refused("invalid_grant", Revoked);
            // Google: "The authorization code can be used only once"; a second exchange is an invalid_grant.
            if (!Spend(code, grant.Expires)) return Refused("invalid_grant", "Bad Request");
            return Issued(format, grant.AccountToken, grant.Scope, RefreshToken(format, grant.AccountToken, grant.Scope));
        }

        var refresh = form["refresh_token"].ToString();
        if (format.RefreshPrefix is not { } prefix || !refresh.StartsWith(prefix, StringComparison.Ordinal)
            || Unprotect(RefreshTokens, refresh[prefix.Length..]) is not { } payload) return Refused("invalid_grant", "Bad Request");
        var (accountToken, scope) = (payload[..payload.IndexOf(' ')], payload[(payload.IndexOf(' ') + 1)..]);
        if (await accounts.FindAsync(accountToken, http.RequestAborted) is not { TokenExpired: false }) return Refused("invalid_grant", Revoked);
        if (format.RotatesRefreshTokens && !Spend(refresh, time.GetUtcNow().AddDays(30))) return Refused("invalid_grant", "The refresh token was replaced by a newer one.");
        return Issued(format, accountToken, scope, format.RotatesRefreshTokens ? RefreshToken(format, accountToken, scope) : null);
    }

    /// <summary>Marks a code or refresh token used; false when it already was.</summary>
    private bool Spend(string value, DateTimeOffset lapses)
    {
        var now = time.GetUtcNow();
        foreach (var old in _spent.Where(s => s.Value < now)) _spent.TryRemove(old.Key, out _);
        return _spent.TryAdd(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value))), lapses);
    }

    private string? RefreshToken(SandboxOAuthFormat format, string accountToken, string scope) =>
        format.RefreshPrefix is { } prefix ? prefix + RefreshTokens.Protect(accountToken + " " + scope) : null;

    /// <summary>
    /// Mailchimp's metadata: for <c>Authorization: OAuth {token}</c> (as Mailchimp documents it; Bearer is accepted too, which
    /// OpenIddict sends), the account's data centre and API root (https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/,
    /// "dc", "api_endpoint", "login"). The sandbox's data centre is us1; its API root is the sandbox's.
    /// </summary>
    private async Task<IResult> MetadataAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("OAuth ", StringComparison.Ordinal) || header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[(header.IndexOf(' ') + 1)..].Trim() : "";
        if (token.Length == 0 || await accounts.FindAsync(token, http.RequestAborted) is not { TokenExpired: false } account)
            return Results.Json(new { error = "invalid_token" }, statusCode: StatusCodes.Status401Unauthorized);
        var root = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/sandbox/{account.Provider}";
        return Results.Json(new
        {
            dc = "us1", role = "owner", accountname = "Sandbox account", user_id = account.Seed,
            login = new { email = "owner@sandbox.example", login_id = account.Seed, login_name = "sandbox", login_email = "owner@sandbox.example" },
            login_url = "https://login.mailchimp.com", api_endpoint = root,
        });
    }

    private async Task<IResult> RevokeAsync(SandboxOAuthFormat format, HttpContext http)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        var header = http.Request.Headers.Authorization.ToString();
        var token = format.RevokesCurrent ? (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "")
            : form?["token"].ToString() is { Length: > 0 } posted ? posted : http.Request.Query["token"].ToString();
        // The DELETE is authenticated by the token it revokes: only a live access token does (a refresh token is no bearer).
        if (format.RevokesCurrent && !(ReadAccessToken(token).Expires > time.GetUtcNow()))
            return Results.Json(new { error = "InvalidToken", description = "Invalid token" }, statusCode: StatusCodes.Status401Unauthorized);
        var prefix = format.RefreshPrefix ?? "";
        var accountToken = format.RefreshPrefix is not null && token.StartsWith(prefix, StringComparison.Ordinal) && Unprotect(RefreshTokens, token[prefix.Length..]) is { } payload
            ? payload[..payload.IndexOf(' ')]
            : ReadAccessToken(token).AccountToken;
        // Revoking either token ends the whole grant, as Google documents; the account stays, refusing every token.
        if (await accounts.SetFaultsAsync(accountToken, new SandboxFaults(TokenExpired: true), http.RequestAborted) is null)
            return format.RevokesCurrent ? Results.Json(new { error = "InvalidToken", description = "Invalid token" }, statusCode: StatusCodes.Status401Unauthorized)
                : Refused("invalid_token", "Bad Request");
        return format.RevokesCurrent ? Results.NoContent() : Results.Json(new { });
    }

    private IResult Issued(SandboxOAuthFormat format, string accountToken, string scope, string? refreshToken, TimeSpan? lifetime = null)
    {
        // A provider without refresh tokens issues access tokens that do not expire: Mailchimp's expires_in is 0 (it has no
        // scopes); Shopify says only the scopes granted. Facebook's expire all the same, and are traded for long-lived ones.
        if (format.RefreshPrefix is null && format.LongLivedGrant is null)
            return Results.Json(format.Scope is null
                ? new Dictionary<string, object?> { ["access_token"] = accountToken, ["expires_in"] = 0, ["scope"] = null }
                : new Dictionary<string, object?> { ["access_token"] = accountToken, ["scope"] = scope.Replace(' ', ',') });
        var lasts = lifetime ?? options.Value.SandboxAccessTokenLifetime;
        var body = new Dictionary<string, object?>
        {
            ["access_token"] = AccessToken(accountToken, time.GetUtcNow() + lasts),
            ["expires_in"] = (int)lasts.TotalSeconds,
        };
        if (format.LongLivedGrant is null) body["scope"] = scope;
        if (format.TokenType is { } type) body["token_type"] = type;
        if (refreshToken is not null) body["refresh_token"] = refreshToken;
        // Zendesk says when the refresh token itself expires (refresh_token_expires_in); the sandbox's do not.
        if (format.RotatesRefreshTokens && refreshToken is not null) body["refresh_token_expires_in"] = (int)TimeSpan.FromDays(30).TotalSeconds;
        return Results.Json(body);
    }

    // Providers show these as an error page instead of sending the browser back: the redirect URI is not trusted yet.
    private static string? Problem(SandboxOAuthFormat format, IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values)
    {
        var query = values.ToDictionary(v => v.Key, v => v.Value.ToString());
        if (query.GetValueOrDefault("client_id") != SandboxOAuthRegistrations.ClientId) return "Error 401: invalid_client. The OAuth client was not found.";
        if (!(query.GetValueOrDefault("redirect_uri") ?? "").EndsWith("/" + OAuthProviders.For(format.Provider)!.CallbackPath(sandbox: true), StringComparison.Ordinal))
            return "Error 400: redirect_uri_mismatch. The redirect URI in the request does not match the ones authorized for the OAuth client.";
        if (query.GetValueOrDefault("response_type") is { } type && type != "code") return $"Error 400: unsupported_response_type. {type}";
        var challenged = !string.IsNullOrEmpty(query.GetValueOrDefault("code_challenge"));
        if ((format.Pkce == Pkce.Required || challenged) && (query.GetValueOrDefault("code_challenge_method") != "S256" || !challenged))
            return "Error 400: invalid_request. code_challenge_method must be S256 with a code_challenge.";
        // Google and Zendesk separate scopes with spaces, Shopify with commas.
        if (format.Scope is { } scope && !(query.GetValueOrDefault("scope") ?? "").Split([' ', ',']).Contains(scope))
            return "Error 400: invalid_scope. Some requested scopes were invalid.";
        return null;
    }

    private static bool ClientAuthenticated(HttpContext http, IFormCollection form)
    {
        var (id, secret) = (form["client_id"].ToString(), form["client_secret"].ToString());
        if (http.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            (id, secret) = (Uri.UnescapeDataString(pair[0]), pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : "");
        }
        return id == SandboxOAuthRegistrations.ClientId && secret == SandboxOAuthRegistrations.ClientSecret;
    }

    private static string Challenge(string verifier) => Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Unprotect(IDataProtector protector, string value)
    {
        try
        {
            return protector.Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static string With(string uri, params (string Name, string Value)[] parameters) =>
        uri + (uri.Contains('?') ? "&" : "?") + string.Join("&", parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));

    private static string Html(string? text) => System.Net.WebUtility.HtmlEncode(text ?? "");

    private static IResult ErrorPage(string message) =>
        Results.Content($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error</title></head><body><h1>Access blocked</h1><p>{Html(message)}</p></body></html>",
            "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);

    private static IResult Refused(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);

    private sealed record CodeGrant(string AccountToken, string ClientId, string RedirectUri, string CodeChallenge, string Scope, DateTimeOffset Expires);
}
