using Microsoft.AspNetCore.Components;

namespace WorkPipelines.Web.Components.Account;

/// <summary>Redirects from the static account pages, refusing open redirects, optionally with a one-shot status message.</summary>
internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    public void RedirectTo(string? uri)
    {
        uri ??= "";

        // Only local paths: a crafted ReturnUrl must not send people to another site.
        if (!Uri.IsWellFormedUriString(uri, UriKind.Relative) || uri.StartsWith("//", StringComparison.Ordinal) || uri.StartsWith("/\\", StringComparison.Ordinal))
        {
            uri = navigationManager.ToBaseRelativePath(navigationManager.ToAbsoluteUri(uri).ToString());
        }

        navigationManager.NavigateTo(uri);
    }

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path));
    }
}
