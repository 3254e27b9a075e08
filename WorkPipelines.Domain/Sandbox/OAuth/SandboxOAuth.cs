using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Connectors.OAuth;
using WorkPipelines.Domain.Connectors.Sync;

namespace WorkPipelines.Domain.Sandbox.OAuth;

/// <summary>
/// Google's OAuth 2.0 web-server flow, played by the sandbox at Google's paths under its root, in the format of
/// https://developers.google.com/identity/protocols/oauth2/web-server: a consent page at <c>o/oauth2/v2/auth</c> that
/// sends the browser back with <c>code</c> and <c>state</c> (or <c>error=access_denied</c>); the token endpoint's
/// <c>authorization_code</c> grant (with the PKCE verifier) answering <c>{access_token, expires_in: 3599, refresh_token,
/// scope, token_type: "Bearer"}</c> and its <c>refresh_token</c> grant answering the same without a new refresh token; a
/// revoked or expired grant refused with <c>{"error": "invalid_grant", "error_description": "Token has been expired or
/// revoked."}</c>; and <c>revoke</c> (200, or 400 <c>invalid_token</c>). Allowing creates a sandbox account, as signing in
/// to a new Google account with a fresh property would. Codes and refresh tokens are protected with the app's key ring, so
/// any instance can redeem them; a code is not checked for reuse (Google's are single-use).
/// </summary>
public sealed class SandboxOAuth(SandboxAccounts accounts, IDataProtectionProvider protection, IOptions<ConnectorOptions> options, TimeProvider time)
{
    public const string AuthorizePath = "o/oauth2/v2/auth";
    public const string TokenPath = "token";
    public const string RevokePath = "revoke";

    private const string AuthorizationCode = "authorization_code";
    private const string RefreshTokenGrant = "refresh_token";
    private const string Revoked = "Token has been expired or revoked.";

    private IDataProtector Codes => protection.CreateProtector("WorkPipelines.Sandbox.OAuth.Code");
    private IDataProtector RefreshTokens => protection.CreateProtector("WorkPipelines.Sandbox.OAuth.Refresh");

    /// <summary>Maps the consent page and the revocation endpoint; the token endpoint's grants are in <see cref="TokenAsync"/>.</summary>
    public static void MapEndpoints(IEndpointRouteBuilder group)
    {
        group.MapGet("/" + AuthorizePath, (HttpContext http, SandboxOAuth oauth) => oauth.ConsentPage(http.Request.Query));
        group.MapPost("/" + AuthorizePath, (HttpContext http, SandboxOAuth oauth) => oauth.DecideAsync(http));
        group.MapPost("/" + RevokePath, (HttpContext http, SandboxOAuth oauth) => oauth.RevokeAsync(http));
    }

    /// <summary>The sandbox's access token for an account: its API token with the moment it stops being accepted.</summary>
    public static string AccessToken(string accountToken, DateTimeOffset expires) => $"{accountToken}~{expires.ToUnixTimeSeconds()}";

    /// <summary>The account token inside an access token, and when the access token expires (null: an API token, which does not).</summary>
    public static (string AccountToken, DateTimeOffset? Expires) ReadAccessToken(string token) =>
        token.LastIndexOf('~') is var at and > 0 && long.TryParse(token.AsSpan(at + 1), out var seconds)
            ? (token[..at], DateTimeOffset.FromUnixTimeSeconds(seconds))
            : (token, null);

    private IResult ConsentPage(IQueryCollection query)
    {
        if (Problem(query) is { } problem) return ErrorPage(problem);
        var hidden = string.Concat(new[] { "client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method" }
            .Select(name => $"<input type=\"hidden\" name=\"{name}\" value=\"{Html(query[name])}\">"));
        return Results.Content($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Sign in - Google Accounts (sandbox)</title></head>
            <body style="font-family: sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem">
            <h1>Google (sandbox)</h1>
            <p><strong>Work Pipelines</strong> wants to access your Google Account:</p>
            <ul><li>See and download your Google Analytics data</li></ul>
            <p>This is the Work Pipelines sandbox playing Google's sign-in: allowing creates a sandbox Analytics property with demo data.</p>
            <form method="post">{hidden}
            <button type="submit" name="decision" value="deny">Cancel</button>
            <button type="submit" name="decision" value="allow" data-testid="sandbox-allow">Allow</button>
            </form></body></html>
            """, "text/html; charset=utf-8");
    }

    private async Task<IResult> DecideAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (Problem(form) is { } problem) return ErrorPage(problem);
        var redirect = form["redirect_uri"].ToString();
        var state = form["state"].ToString();
        if (form["decision"] != "allow")
            return Results.Redirect(With(redirect, ("error", "access_denied"), ("state", state)));

        var account = await accounts.CreateAsync(Ga4.Ga4Sandbox.Key, options.Value.SandboxHistoryDays, cancellationToken: http.RequestAborted);
        var code = Codes.Protect(JsonSerializer.Serialize(new CodeGrant(account.Token!, form["client_id"]!, redirect, form["code_challenge"]!,
            form["scope"]!, time.GetUtcNow().AddMinutes(10))));
        return Results.Redirect(With(redirect, ("state", state), ("code", "4/" + code), ("scope", form["scope"].ToString())));
    }

    /// <summary>The token endpoint's authorization_code and refresh_token grants; null for another grant type.</summary>
    public async Task<IResult?> TokenAsync(HttpContext http, IFormCollection form)
    {
        var grantType = form["grant_type"].ToString();
        if (grantType is not (AuthorizationCode or RefreshTokenGrant)) return null;
        if (!ClientAuthenticated(http, form)) return Refused("invalid_client", "Unauthorized", StatusCodes.Status401Unauthorized);

        if (grantType == AuthorizationCode)
        {
            var code = form["code"].ToString();
            if (!code.StartsWith("4/", StringComparison.Ordinal) || Unprotect(Codes, code[2..]) is not { } json) return Refused("invalid_grant", "Malformed auth code.");
            var grant = JsonSerializer.Deserialize<CodeGrant>(json)!;
            if (grant.Expires < time.GetUtcNow()) return Refused("invalid_grant", "Bad Request");
            if (grant.RedirectUri != form["redirect_uri"]) return Refused("redirect_uri_mismatch", "Bad Request");
            if (form["code_verifier"].ToString() is not { Length: > 0 } verifier) return Refused("invalid_grant", "Missing code verifier.");
            if (Challenge(verifier) != grant.CodeChallenge) return Refused("invalid_grant", "Invalid code verifier.");
            if (await accounts.FindAsync(grant.AccountToken, http.RequestAborted) is not { TokenExpired: false }) return Refused("invalid_grant", Revoked);
            return Issued(grant.AccountToken, grant.Scope, refreshToken: "1//" + RefreshTokens.Protect(grant.AccountToken + " " + grant.Scope));
        }

        var refresh = form["refresh_token"].ToString();
        if (!refresh.StartsWith("1//", StringComparison.Ordinal) || Unprotect(RefreshTokens, refresh[3..]) is not { } payload) return Refused("invalid_grant", "Bad Request");
        var (accountToken, scope) = (payload[..payload.IndexOf(' ')], payload[(payload.IndexOf(' ') + 1)..]);
        if (await accounts.FindAsync(accountToken, http.RequestAborted) is not { TokenExpired: false }) return Refused("invalid_grant", Revoked);
        return Issued(accountToken, scope, refreshToken: null);
    }

    private async Task<IResult> RevokeAsync(HttpContext http)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        var token = form?["token"].ToString() is { Length: > 0 } posted ? posted : http.Request.Query["token"].ToString();
        var accountToken = token.StartsWith("1//", StringComparison.Ordinal) && Unprotect(RefreshTokens, token[3..]) is { } payload
            ? payload[..payload.IndexOf(' ')]
            : ReadAccessToken(token).AccountToken;
        // Revoking either token ends the whole grant, as Google documents; the account stays, refusing every token.
        if (await accounts.SetFaultsAsync(accountToken, new SandboxFaults(TokenExpired: true), http.RequestAborted) is null)
            return Refused("invalid_token", "Bad Request");
        return Results.Json(new { });
    }

    private IResult Issued(string accountToken, string scope, string? refreshToken)
    {
        var lifetime = options.Value.SandboxAccessTokenLifetime;
        var body = new Dictionary<string, object>
        {
            ["access_token"] = AccessToken(accountToken, time.GetUtcNow() + lifetime),
            ["expires_in"] = (int)lifetime.TotalSeconds,
            ["scope"] = scope,
            ["token_type"] = "Bearer",
        };
        if (refreshToken is not null) body["refresh_token"] = refreshToken;
        return Results.Json(body);
    }

    // Google shows these as an error page instead of sending the browser back: the redirect URI is not trusted yet.
    private static string? Problem(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values)
    {
        var query = values.ToDictionary(v => v.Key, v => v.Value.ToString());
        if (query.GetValueOrDefault("client_id") != SandboxOAuthRegistrations.ClientId) return "Error 401: invalid_client. The OAuth client was not found.";
        if (!(query.GetValueOrDefault("redirect_uri") ?? "").EndsWith("/" + OAuthProviders.For(Ga4.Ga4Sandbox.Key)!.CallbackPath(sandbox: true), StringComparison.Ordinal))
            return "Error 400: redirect_uri_mismatch. The redirect URI in the request does not match the ones authorized for the OAuth client.";
        if (query.GetValueOrDefault("response_type") is { } type && type != "code") return $"Error 400: unsupported_response_type. {type}";
        if (query.GetValueOrDefault("code_challenge_method") != "S256" || string.IsNullOrEmpty(query.GetValueOrDefault("code_challenge")))
            return "Error 400: invalid_request. code_challenge_method must be S256 with a code_challenge.";
        if (!(query.GetValueOrDefault("scope") ?? "").Split(' ').Contains(Connectors.Ga4.GoogleServiceAccount.Scope))
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
