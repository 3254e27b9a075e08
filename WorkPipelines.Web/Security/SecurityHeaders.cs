using System.Security.Cryptography;

namespace WorkPipelines.Web.Security;

/// <summary>
/// Headers every response carries: no MIME sniffing, no full URLs in the Referer sent to other sites, and a content
/// security policy that lets the page run only this app's own scripts (plus the one inline import map, by nonce), talk
/// only to this app, and be framed only by it. MudBlazor and ApexCharts set inline styles, so styles may be inline.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    private const string NonceKey = "WorkPipelines.CspNonce";

    /// <summary>The nonce of this response's content security policy, for the inline scripts the app renders itself.</summary>
    public static string NonceOf(HttpContext context) =>
        context.Items[NonceKey] as string ?? throw new InvalidOperationException("SecurityHeaders did not run for this request.");

    public Task InvokeAsync(HttpContext context)
    {
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)); // hex: nothing for HTML to escape
        context.Items[NonceKey] = nonce;
        // On starting, not now: the exception handler clears headers before it writes the error page.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = Policy(context, nonce);
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static string Policy(HttpContext context, string nonce)
    {
        // The API reference page (Development only) is Scalar's, which configures itself with an inline script.
        var scripts = context.Request.Path.StartsWithSegments("/api-docs") ? "'self' 'unsafe-inline'" : $"'self' 'nonce-{nonce}'";
        return $"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
            "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";
    }
}
