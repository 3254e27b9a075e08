using Microsoft.AspNetCore.Identity;
using Scalar.AspNetCore;
using WorkPipelines.Domain.Seeding;
using WorkPipelines.Domain.Identity;
using WorkPipelines.Web.Components;
using WorkPipelines.Web.Components.Account;
using WorkPipelines.Web.Api;
using WorkPipelines.Web.Features.Connectors;
using WorkPipelines.Web.Features.Health;

namespace WorkPipelines.Web;

public static class WebApplicationExtensions
{
    /// <summary>Problem details for API errors; the error page for browsers.</summary>
    public static WebApplication UseWorkErrorHandling(this WebApplication app)
    {
        app.UseWhen(IsApi, api => api.UseExceptionHandler().UseStatusCodePages());
        app.UseWhen(context => !IsApi(context), ui => ui
            .UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/Error",
                CreateScopeForErrors = true,
                StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            })
            .UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        if (!app.Environment.IsDevelopment()) app.UseHsts(); // HTTPS responses only; see AddWorkSecurity for the max age
        return app;
    }

    internal static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs");

    /// <summary>Health, OpenAPI, the Identity API under /api/auth and the product API under /api/work.</summary>
    public static WebApplication MapWorkEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", new() { ResponseWriter = HealthJson.WriteAsync });
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false, ResponseWriter = HealthJson.WriteAsync });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthJson.WriteAsync });
        app.MapOpenApi();
        if (app.Environment.IsDevelopment()) app.MapScalarApiReference("/api-docs", options => options.DisableDefaultFonts()); // its fonts come from a CDN the CSP refuses

        app.MapGroup("/api/auth").WithTags("Auth").MapIdentityApi<AppUser>().AddEndpointFilter(TakenAddress.AnswerLikeANewAccountAsync);
        app.MapWorkApi();
        app.MapConnectWith();
        app.MapHub<Realtime.WorkHub>(Realtime.WorkHub.Path);
        return app;
    }

    /// <summary>Once Kestrel listens (the sandbox is reached over HTTP), connects the demo workspace's sources, then sets its goals from their data.</summary>
    public static WebApplication ConnectDemoSourcesOnStart(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            try
            {
                // Notes, goals and alerts only on the first run (when the sources were connected just now): what the user deleted stays deleted.
                if (await app.Services.ConnectDemoSourcesAsync(app.Lifetime.ApplicationStopping))
                {
                    await app.Services.SetDemoAnnotationsAsync(app.Lifetime.ApplicationStopping);
                    await app.Services.SetDemoGoalsAsync(app.Lifetime.ApplicationStopping);
                    await app.Services.SetDemoAlertsAsync(app.Lifetime.ApplicationStopping);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                app.Logger.LogError(ex, "Connecting the demo sources failed; connect them from the Connectors page");
            }
        }));
        return app;
    }

    /// <summary>The Blazor app with global Interactive Server routing, and the account endpoints it posts to.</summary>
    public static WebApplication MapWorkUi(this WebApplication app)
    {
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        return app;
    }
}
