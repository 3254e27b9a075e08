using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WorkPipelines.Tests.Infrastructure;

/// <summary>
/// An HTTP server on a loopback port that writes down every request it gets and answers as told; by default like an
/// internal admin page, with a body no error message may ever repeat. Stands for whatever an attacker would aim at.
/// </summary>
public sealed class LoopbackListener : IAsyncDisposable
{
    /// <summary>Text in the default answer's body; finding it anywhere outside the listener means the body leaked.</summary>
    public const string Secret = "INTERNAL-ADMIN-7f3a9c";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _requests = new();

    private LoopbackListener(WebApplication app, Uri root)
    {
        _app = app;
        Root = root;
        EndPoint = $"{root.Host}:{root.Port}";
    }

    public Uri Root { get; }

    /// <summary>"127.0.0.1:port", as <c>Outbound:AllowLoopbackEndpoints</c> takes it.</summary>
    public string EndPoint { get; }

    /// <summary>"GET /v1/account" for every request so far, in order.</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    public static async Task<LoopbackListener> StartAsync(Func<HttpContext, Task>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var listener = default(LoopbackListener);
        app.Run(context =>
        {
            listener!._requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            return (answer ?? AdminPageAsync)(context);
        });
        await app.StartAsync();
        listener = new LoopbackListener(app, new Uri(app.Urls.Single().TrimEnd('/') + "/"));
        return listener;
    }

    /// <summary>400 with an HTML page, as an internal service that does not speak the provider's API would answer.</summary>
    public static Task AdminPageAsync(HttpContext context)
    {
        context.Response.StatusCode = 400;
        context.Response.ContentType = "text/html";
        return context.Response.WriteAsync($"<html><head><title>{Secret} console</title></head><body>db password: hunter2 {Secret}</body></html>");
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
