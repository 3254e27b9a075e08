using Microsoft.AspNetCore.Http;
using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox;

/// <summary>
/// In front of every sandbox endpoint: finds the account by its token, then plays the faults set
/// on it (latency, expired token, 429 with Retry-After, short or scripted long, 500s) before the real answer.
/// </summary>
internal sealed class SandboxFaultFilter(ISandboxProvider provider, SandboxAccounts accounts) : IEndpointFilter
{
    private const string AccountKey = "sandbox.account";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var token = provider.ReadToken(http.Request);
        var account = token is null ? null : await accounts.FindAsync(token, http.RequestAborted);
        if (account is null || account.Provider != provider.Provider)
            return provider.Error(StatusCodes.Status401Unauthorized, "invalid_token", "Invalid API credentials provided.");

        if (account.LatencyMs > 0) await Task.Delay(account.LatencyMs, http.RequestAborted);
        if (account.TokenExpired || accounts.IsExpiredAccessToken(token!))
            return provider.Error(StatusCodes.Status401Unauthorized, "expired_token", "The access token has expired.");
        if (accounts.ShouldFailScripted(account))
            return provider.Error(StatusCodes.Status500InternalServerError, "internal_error", "Scripted sandbox failure.");
        if (accounts.ScriptedRetryAfter(account) is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return provider.Error(StatusCodes.Status429TooManyRequests, "rate_limited", $"Too many requests; retry after {seconds} seconds.");
        }
        if (account.RateLimitRate > 0 && Random.Shared.NextDouble() < account.RateLimitRate)
        {
            http.Response.Headers.RetryAfter = "1";
            return provider.Error(StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests; retry after 1 second.");
        }
        if (account.ErrorRate > 0 && Random.Shared.NextDouble() < account.ErrorRate)
            return provider.Error(StatusCodes.Status500InternalServerError, "internal_error", "Sandbox injected a server error.");

        http.Items[AccountKey] = account;
        return await next(context);
    }

    public static SandboxAccount AccountOf(HttpContext http) =>
        http.Items[AccountKey] as SandboxAccount ?? throw new InvalidOperationException("no sandbox account on this request");
}

public static class SandboxHttpContextExtensions
{
    /// <summary>The sandbox account that made this request (set by the fault filter).</summary>
    public static SandboxAccount SandboxAccount(this HttpContext http) => SandboxFaultFilter.AccountOf(http);
}
