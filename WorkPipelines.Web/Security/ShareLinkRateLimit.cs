using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace WorkPipelines.Web.Security;

/// <summary>
/// Opening <c>/s/{token}</c> is limited per client address (<c>Sharing:OpensPerMinute</c>, 30 by default), so no one can try
/// tokens in bulk. A token has 256 random bits, so guessing is hopeless anyway; this keeps the attempt from costing us either.
/// An open TV does not count against it: it refreshes over its circuit, not by reloading the page.
/// </summary>
public static class ShareLinkRateLimit
{
    public const string Policy = "share-links";

    public static IServiceCollection AddShareLinkRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = Math.Max(1, configuration.GetValue("Sharing:OpensPerMinute", 30));
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // A body of its own, so the status-code page does not turn the answer into "page not found".
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("Too many share links were opened from your address. Wait a minute and try again.", cancellationToken);
            };
        });
        return services;
    }
}
