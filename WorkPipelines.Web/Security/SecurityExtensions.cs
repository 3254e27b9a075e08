using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace WorkPipelines.Web.Security;

public static class SecurityExtensions
{
    /// <summary>
    /// Cookies: sign-in cookies are Secure outside Development (<c>Security:SecureCookies</c> turns that off for a
    /// plain-HTTP test host), HttpOnly and SameSite=Lax; the antiforgery token also travels in <see cref="CookieRequestForgeryGuard.TokenHeader"/>.
    /// HSTS for a year outside Development.
    /// </summary>
    public static IServiceCollection AddWorkSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var secure = configuration.GetValue("Security:SecureCookies", !environment.IsDevelopment());
        services.PostConfigureAll<CookieAuthenticationOptions>(options =>
        {
            options.Cookie.HttpOnly = true;
            if (secure) options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        });
        services.Configure<AntiforgeryOptions>(options => options.HeaderName = CookieRequestForgeryGuard.TokenHeader);
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        services.AddShareLinkRateLimit(configuration);
        return services;
    }

    /// <summary>Security headers on every response; first in the pipeline so error pages get them too.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        return app;
    }

    /// <summary>Refuses cross-site requests made with the sign-in cookie; after authentication, which tells cookie from bearer.</summary>
    public static WebApplication UseCookieRequestForgeryGuard(this WebApplication app)
    {
        app.UseMiddleware<CookieRequestForgeryGuard>();
        return app;
    }

    /// <summary><c>GET /api/work/antiforgery</c>: the token a same-origin page sends with cookie-authenticated changes.</summary>
    public static RouteGroupBuilder MapAntiforgeryApi(this RouteGroupBuilder work)
    {
        work.MapGet("/antiforgery", GetToken).WithName("GetAntiforgeryToken").WithTags("Auth")
            .WithSummary("Antiforgery token for cookie sign-ins")
            .WithDescription($"The token a page signed in with the browser cookie sends in the {CookieRequestForgeryGuard.TokenHeader} header with every change. Bearer callers do not need it.");
        return work;
    }

    public static Ok<AntiforgeryToken> GetToken(HttpContext context, IAntiforgery antiforgery) =>
        TypedResults.Ok(new AntiforgeryToken(CookieRequestForgeryGuard.TokenHeader, antiforgery.GetAndStoreTokens(context).RequestToken!));
}

/// <summary>The header to send and its value.</summary>
public sealed record AntiforgeryToken(string HeaderName, string Token);
