using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace WorkPipelines.Sandbox.Ga4;

/// <summary>
/// Google's OAuth 2.0 token endpoint for service accounts, as https://developers.google.com/identity/protocols/oauth2/service-account#httprest
/// describes it: <c>POST</c> a form with <c>grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer</c> and an RS256-signed
/// <c>assertion</c> whose claims are iss (the client_email), scope, aud (always Google's token URL), iat and exp (at most an hour
/// later); the answer is <c>{"access_token", "expires_in": 3599, "token_type": "Bearer"}</c>, and a refusal is
/// <c>{"error": "invalid_grant", "error_description": "Invalid JWT Signature."}</c> (or invalid_scope, unsupported_grant_type).
/// </summary>
internal static class Ga4SandboxToken
{
    private const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private const string ShortLived =
        "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.";
    private const string AnalyticsReadonly = "https://www.googleapis.com/auth/analytics.readonly";

    public static async Task<IResult> IssueAsync(HttpContext http, SandboxAccounts accounts, TimeProvider time)
    {
        if (!http.Request.HasFormContentType) return Refused("invalid_request", "Required parameter is missing: grant_type");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form["grant_type"].ToString() != JwtBearer) return Refused("unsupported_grant_type", $"Invalid grant_type: {form["grant_type"]}");
        var assertion = form["assertion"].ToString();
        var handler = new JsonWebTokenHandler();
        if (!handler.CanReadToken(assertion)) return Refused("invalid_grant", "Invalid JWT: the assertion is not a JWT");

        // The key id carries the account's token and the public half (Ga4SandboxKeys): a deleted key (an expired sandbox
        // token) is refused as Google refuses one.
        var kid = handler.ReadJsonWebToken(assertion).Kid ?? "";
        var account = await accounts.FindAsync(Ga4SandboxKeys.TokenOf(kid), http.RequestAborted);
        if (account is not { Provider: Ga4Sandbox.Key } || account.TokenExpired || Ga4SandboxKeys.PublicKeyOf(kid) is not { } publicKey)
            return Refused("invalid_grant", "Invalid JWT Signature.");

        var result = await handler.ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            IssuerSigningKey = publicKey,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidIssuer = Ga4SandboxKeys.ClientEmail(account.TokenHash),
            // "When making an access token request this value is always https://oauth2.googleapis.com/token" (the page above).
            ValidAudience = "https://oauth2.googleapis.com/token",
            // Judged by the app's clock, with the few minutes' leeway Google allows for clock drift.
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } end && time.GetUtcNow().UtcDateTime is var now && now.AddMinutes(-5) < end && (notBefore is not { } start || now.AddMinutes(5) > start),
        });
        if (!result.IsValid) return Refused("invalid_grant", result.Exception switch
        {
            SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "Invalid JWT Signature.",
            SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException or SecurityTokenNoExpirationException => ShortLived,
            SecurityTokenInvalidIssuerException => "Invalid grant: account not found",
            _ => $"Invalid JWT: {result.Exception?.GetType().Name}",
        });

        var token = (JsonWebToken)result.SecurityToken;
        if (token.ValidTo - token.IssuedAt > TimeSpan.FromHours(1))
            return Refused("invalid_grant", ShortLived);
        if (!token.TryGetPayloadValue<string>("scope", out var scope) || !scope.Split(' ').Contains(AnalyticsReadonly))
            return Refused("invalid_scope", "Invalid OAuth scope or ID token audience provided.");

        return Results.Json(new Dictionary<string, object> { ["access_token"] = Ga4SandboxKeys.TokenOf(kid), ["expires_in"] = 3599, ["token_type"] = "Bearer" });
    }

    private static IResult Refused(string error, string description) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: StatusCodes.Status400BadRequest);
}
