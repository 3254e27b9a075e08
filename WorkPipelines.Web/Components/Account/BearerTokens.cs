using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
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
    public static async Task ValidateSecurityStampAsync(MessageReceivedContext context)
    {
        if (Find(context.Request) is not { } token) return;
        context.Token = token;
        // A token that does not decrypt is the handler's to refuse.
        if (context.Options.BearerTokenProtector.Unprotect(token) is not { } ticket) return;
        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<AppUser>>();
        if (await signIn.ValidateSecurityStampAsync(ticket.Principal) is null)
            context.Fail("The account's password or security settings changed after this token was issued; sign in again.");
    }
}
