using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using WorkPipelines.Domain.Identity;

namespace WorkPipelines.Web.Components.Account;

internal static class AccountEndpoints
{
    /// <summary>The form posts the account pages and the user menu make.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/Account/Logout", LogoutAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<RedirectHttpResult> LogoutAsync(SignInManager<AppUser> signInManager, [FromForm] string? returnUrl)
    {
        await signInManager.SignOutAsync();
        return TypedResults.LocalRedirect(string.IsNullOrEmpty(returnUrl) ? "~/Account/Login" : $"~/{returnUrl.TrimStart('/')}");
    }
}
