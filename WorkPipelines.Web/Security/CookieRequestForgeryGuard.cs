using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace WorkPipelines.Web.Security;

/// <summary>
/// The API and the hub accept the browser's sign-in cookie as well as bearer tokens. A page on another site can make
/// the browser send that cookie, so a request signed in by cookie must prove it comes from this app: it may not come
/// from another origin, and a request that changes something must carry the antiforgery token
/// (<see cref="TokenHeader"/>; <c>GET /api/work/antiforgery</c> hands it out to same-origin callers). A foreign page
/// can neither read the token nor set the header without a CORS grant this app never gives. Bearer callers are not
/// affected: a browser never attaches a bearer token on its own.
/// </summary>
internal sealed class CookieRequestForgeryGuard(RequestDelegate next, IAntiforgery antiforgery, IProblemDetailsService problems)
{
    public const string TokenHeader = "X-CSRF-TOKEN";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!WebApplicationExtensions.IsApi(context) || !await SignedInByCookieAsync(context))
        {
            await next(context);
            return;
        }
        if (ForeignOrigin(context))
        {
            await RefuseAsync(context, "Requests signed in with the browser's cookie are only taken from this app's own pages.");
            return;
        }
        if (!IsSafe(context.Request.Method) && !await antiforgery.IsRequestValidAsync(context))
        {
            await RefuseAsync(context, $"Requests signed in with the browser's cookie that change something need the antiforgery token " +
                $"(GET /api/work/antiforgery) in the {TokenHeader} header; scripts should sign in with a bearer token from /api/auth/login.");
            return;
        }
        await next(context);
    }

    // An Authorization header is something a foreign page cannot add without a CORS grant: such a request is a script's.
    // The hub's access_token query is not exempt: any page can put one in a URL, and the cookie would still sign it in.
    private static async Task<bool> SignedInByCookieAsync(HttpContext context) =>
        context.Request.Headers.Authorization.Count == 0
        && (await context.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Succeeded;

    private static bool ForeignOrigin(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0) return false; // same-origin GETs and navigations carry none
        return !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || !string.Equals(uri.Scheme, context.Request.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(uri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private async Task RefuseAsync(HttpContext context, string title)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new() { HttpContext = context, ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = title } });
    }
}
