using Microsoft.AspNetCore.Authentication.BearerToken;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Identity;

namespace WorkPipelines.Web.Components.Account;

/// <summary>Where a request carries its Identity bearer token, and the check that the token still speaks for its account.</summary>
internal static class BearerTokens
{
    /// <summary>The <c>Authorization: Bearer</c> token; on the hub also <c>access_token</c> in the query (browsers cannot set headers on WebSockets).</summary>
    public static string? Find(HttpRequest request)
    {
        const string prefix = "Bearer ";
        if (request.Headers.Authorization is { Count: 1 } header && header[0] is { } value && value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            return value[prefix.Length..].Trim();
        if (request.Path.StartsWithSegments(Realtime.WorkHub.Path) && request.Query["access_token"] is { Count: 1 } token)
            return token;
        return null;
    }

    /// <summary>
    /// Identity's bearer tokens are self-contained, so by default one issued before a password change or reset keeps
    /// working until it expires (an hour). A token whose security stamp is no longer the account's is refused here,
    /// as the cookie's <see cref="SecurityStampValidator"/> and <c>/api/auth/refresh</c> refuse theirs.
    /// </summary>
    /// <remarks>
    /// The same test as <see cref="SignInManager{TUser}.ValidateSecurityStampAsync(System.Security.Claims.ClaimsPrincipal)"/>
    /// (the account exists and its stamp is the token's), as one read of the stamp: going through the sign-in manager built a
    /// user manager and tracked the whole user on every API call, a sixth of the app's CPU under the load run. A token that passes
    /// is accepted here with the bearer handler's own expiry test (aspnetcore's BearerTokenHandler.HandleAuthenticateAsync: a
    /// ticket without ExpiresUtc fails, one at or past it fails "Token expired"), which spares the handler decrypting it again.
    /// </remarks>
    public static async Task ValidateSecurityStampAsync(MessageReceivedContext context)
    {
        if (Find(context.Request) is not { } token) return;
        context.Token = token;
        // A token that does not decrypt is the handler's to refuse.
        if (context.Options.BearerTokenProtector.Unprotect(token) is not { } ticket) return;
        var claims = context.HttpContext.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = ticket.Principal.FindFirstValue(claims.UserIdClaimType);
        var tokenStamp = ticket.Principal.FindFirstValue(claims.SecurityStampClaimType);
        var db = context.HttpContext.RequestServices.GetRequiredService<WorkDbContext>();
        var accountStamp = userId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.SecurityStamp)
            .FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        if (accountStamp is null || accountStamp != tokenStamp)
        {
            context.Fail("The account's password or security settings changed after this token was issued; sign in again.");
            return;
        }
        // The handler's own test, so it need not decrypt the token a second time: a lifetime it carries and that is not over.
        if (ticket.Properties.ExpiresUtc is not { } expires) return;
        if ((context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow() >= expires)
        {
            context.Fail("Token expired");
            return;
        }
        (context.Principal, context.Properties) = (ticket.Principal, ticket.Properties);
        context.Success();
    }
}
