using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using MudBlazor;
using MudBlazor.Services;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Identity;
using WorkPipelines.Web.Components.Account;
using WorkPipelines.Web.Api;

namespace WorkPipelines.Web;

public static class DependencyInjection
{
    /// <summary>Console logs as JSON outside Development, so log collectors get structured fields.</summary>
    public static WebApplicationBuilder AddWorkLogging(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }
        return builder;
    }

    /// <summary>The default authentication scheme: the bearer token when the request carries one, the sign-in cookie otherwise.</summary>
    public const string BearerOrCookieScheme = "Identity.BearerOrCookie";

    /// <summary>
    /// Identity with two ways in: the cookie of the Razor account pages and the bearer token of
    /// the <c>/api/auth</c> endpoints. Lockout: 5 failures lock the account for 5 minutes.
    /// Both end when the account's security stamp changes (password change or reset).
    /// </summary>
    public static IServiceCollection AddWorkIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        services.AddAuthentication(options =>
            {
                // Either way in, chosen per request, so whatever the default policy guards (/api/auth/manage, the
                // [Authorize] pages) accepts both; AddIdentityApiEndpoints does the same with a scheme it keeps internal.
                options.DefaultScheme = BearerOrCookieScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddPolicyScheme(BearerOrCookieScheme, "Bearer token or sign-in cookie", options => options.ForwardDefaultSelector = context =>
                BearerTokens.Find(context.Request) is null ? IdentityConstants.ApplicationScheme : IdentityConstants.BearerScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, options => options.Events.OnMessageReceived = BearerTokens.ValidateSecurityStampAsync)
            .AddIdentityCookies();

        // A password change or reset renews the account's security stamp. Checking the cookie's stamp on every request
        // (the default is every 30 minutes) ends the other browser sessions at once; it costs a read of the user by
        // key per page load or API call (a Blazor circuit's clicks are not requests), and the cookie is reissued.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Events.OnRedirectToLogin = ApiAwareRedirect(StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = ApiAwareRedirect(StatusCodes.Status403Forbidden);
        });

        services.AddIdentityCore<AppUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddEntityFrameworkStores<WorkDbContext>()
            // AddApiEndpoints registers the stock SignInManager: ours must come after it.
            .AddApiEndpoints()
            .AddUserManager<WorkUserManager>()
            .AddSignInManager<WorkSignInManager>()
            .AddDefaultTokenProviders();

        services.AddSingleton<IEmailSender<AppUser>, LoggingEmailSender>();
        var dataProtection = services.AddDataProtection().PersistKeysToDbContext<WorkDbContext>().SetApplicationName("WorkPipelines");
        // The key ring lives in the database, where every instance reads it; with a certificate its keys are
        // stored encrypted, so a copy of the database alone decrypts no credentials and forges no cookies.
        if (configuration["DataProtection:CertificatePath"] is { Length: > 0 } certificatePath)
            dataProtection.ProtectKeysWithCertificate(KeyRingCertificate.Load(certificatePath, configuration["DataProtection:CertificatePassword"]));
        services.AddAuthorizationBuilder().AddPolicy(WorkApi.Policy, policy => policy
            .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, IdentityConstants.BearerScheme)
            .RequireAuthenticatedUser());
        return services;
    }

    /// <summary>Blazor, MudBlazor, problem details, health checks and the OpenAPI document.</summary>
    public static IServiceCollection AddWorkPipelinesWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(config =>
        {
            config.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            config.SnackbarConfiguration.PreventDuplicates = true;
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Minimal APIs throw on malformed input in every environment (the default throws only in Development), so a
        // bad request gets the same answer, with its reason, whatever the environment: see BadRequestExceptionHandler.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        var health = services.AddHealthChecks()
            .AddDbContextCheck<WorkDbContext>("database", tags: ["ready"])
            .AddCheck<Domain.Pipelines.EngineHealthCheck>("engine", tags: ["ready"]);
        services.AddOpenApi();
        // Enums travel as names ("Running", "Admin"): readable for scripts, stable if members are reordered.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        var signalR = services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddHostedService<Realtime.RunEventForwarder>();
        // Several instances: hub messages sent on one reach hub connections on the others, run events reach Blazor
        // circuits on the others, and dashboard views computed on one are found by the others, through Redis.
        if (configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("workpipelines"));
            services.AddSingleton(_ => new Realtime.RedisConnection(redis));
            // The dashboard cache's second level: a view computed on one instance is found by the others. Through this
            // instance's connection, which never fails start-up; while Redis is away the cache goes on in memory alone.
            services.AddOptions<Microsoft.Extensions.Caching.StackExchangeRedis.RedisCacheOptions>()
                .Configure<Realtime.RedisConnection>((o, connection) =>
                {
                    o.InstanceName = "workpipelines:";
                    o.ConnectionMultiplexerFactory = async () => await connection.GetAsync();
                });
            services.AddSingleton<Microsoft.Extensions.Caching.Distributed.IDistributedCache, Realtime.RedisWhileConnected>();
            services.AddHostedService<Realtime.RedisRunEventRelay>();
            health.AddCheck<Realtime.RedisHealthCheck>("redis", tags: ["ready"]);
        }
        services.AddScoped<WorkspaceEndpointFilter>();
        services.AddScoped<Components.Shared.ScopedWork>();
        services.AddScoped<Features.Dashboard.LastDashboardView>();
        services.AddScoped<Features.Sharing.ShareVisit>();
        services.AddSingleton<Features.Connectors.ConnectNotes>();
        return services;
    }

    // API callers get a status code; browsers on pages get the redirect to the sign-in page.
    private static Func<Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>, Task> ApiAwareRedirect(int statusCode) =>
        context =>
        {
            if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs"))
                context.Response.StatusCode = statusCode;
            else
                context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        };
}
