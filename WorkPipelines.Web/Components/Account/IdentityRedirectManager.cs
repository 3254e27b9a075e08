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

    public void RedirectTo(string? uri) => navigationManager.NavigateTo(LocalPath(uri, navigationManager.BaseUri));

    /// <summary>
    /// <paramref name="uri"/> relative to the app's base when it points inside the app; otherwise the home page. A crafted
    /// ReturnUrl (http://evil.example, //evil.example, /\evil.example, https:evil.example) must not send people to another site.
    /// </summary>
    internal static string LocalPath(string? uri, string baseUri)
    {
        var root = new Uri(baseUri);
        if (string.IsNullOrWhiteSpace(uri) || !Uri.TryCreate(root, uri, out var target)) return "";
        var inside = target.Scheme == root.Scheme
            && string.Equals(target.Authority, root.Authority, StringComparison.OrdinalIgnoreCase)
            && target.AbsoluteUri.StartsWith(root.AbsoluteUri, StringComparison.Ordinal);
        return inside ? target.AbsoluteUri[root.AbsoluteUri.Length..] : "";
    }

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path));
    }
}
