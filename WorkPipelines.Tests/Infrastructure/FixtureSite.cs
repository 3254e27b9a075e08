using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace WorkPipelines.Tests.Infrastructure;

/// <summary>
/// The "Acme Roasters" fixture website (static files in Sites/acme) on a loopback port, plus trap routes
/// that redirect inward, dribble or flood. One per test process; the app under test may reach it only because
/// the test factory puts its endpoint on Outbound:AllowLoopbackEndpoints.
/// </summary>
public sealed class FixtureSite
{
    private static readonly Lazy<FixtureSite> Instance = new(() => new FixtureSite());
    private readonly ConcurrentQueue<string> _requests = new();

    public static FixtureSite Shared => Instance.Value;

    /// <summary>"127.0.0.1:port", as the allow-list setting takes it.</summary>
    public string EndPoint { get; }

    public Uri Root { get; }

    /// <summary>Paths requested so far (with query), in order.</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    private FixtureSite()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Infrastructure", "Sites", "acme");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root, EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use((context, next) =>
        {
            _requests.Enqueue(context.Request.Path + context.Request.QueryString);
            context.Response.Headers["X-Powered-By"] = "PHP/8.3.4";
            return next(context);
        });
        MapTraps(app);
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        app.StartAsync().GetAwaiter().GetResult();
        var address = app.Urls.Single();
        Root = new Uri(address.TrimEnd('/') + "/");
        EndPoint = $"{Root.Host}:{Root.Port}";
    }

    public Uri Url(string path) => new(Root, path);

    private static void MapTraps(WebApplication app)
    {
        app.MapGet("/trap/agent", (HttpContext context) => context.Request.Headers.UserAgent.ToString());
        app.MapGet("/trap/redirect-metadata", () => Results.Redirect("http://169.254.169.254/latest/meta-data/"));
        app.MapGet("/trap/redirect-loopback", () => Results.Redirect("http://127.0.0.1:1/admin"));
        app.MapGet("/trap/redirect-private-name", () => Results.Redirect("http://internal.example/"));
        app.MapGet("/trap/redirect-file", () => Results.Redirect("file:///etc/passwd"));
        app.MapGet("/trap/redirect-chain/{left:int}", (int left) =>
            left > 0 ? Results.Redirect($"/trap/redirect-chain/{left - 1}") : Results.Content("<h1>end of the chain</h1>", "text/html"));
        // A home page that takes a moment, so a browser test can watch the progress bar.
        app.MapGet("/trap/slow-home", async (CancellationToken aborted) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(4), aborted);
            return Results.Content("<html><head><title>Slow but fine</title></head><body><h1>Slow but fine</h1></body></html>", "text/html");
        });
        app.MapGet("/trap/slow", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/html";
            for (var i = 0; i < 600 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.WriteAsync("<p>.</p>", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(100, context.RequestAborted);
            }
        });
        app.MapGet("/trap/huge", async (HttpContext context) =>
        {
            // No Content-Length: the fetcher must count as it reads and stop.
            context.Response.ContentType = "text/html";
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'x');
            for (var sent = 0; sent < 6 * 1024 * 1024 && !context.RequestAborted.IsCancellationRequested; sent += chunk.Length)
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        });
    }
}
