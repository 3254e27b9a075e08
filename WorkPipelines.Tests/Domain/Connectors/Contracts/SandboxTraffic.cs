using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>One request a connector sent to a sandbox provider, and the sandbox's answer, as they crossed the wire.</summary>
/// <param name="RequestHeaders">As sent (test traffic: sandbox tokens only).</param>
public sealed record SandboxExchange(string Method, string Path, string Query, string RequestBody, int Status, string? ContentType, string ResponseBody,
    IReadOnlyDictionary<string, string> RequestHeaders);

/// <summary>
/// Records every exchange under <c>/sandbox/</c>: what the connectors ask of a provider and what the imitation
/// answers, so both can be checked against the description the provider publishes.
/// </summary>
public sealed class SandboxTraffic : IStartupFilter
{
    public ConcurrentQueue<SandboxExchange> Exchanges { get; } = new();

    public IEnumerable<SandboxExchange> Of(string provider) => Exchanges.Where(e => e.Path.StartsWith($"/sandbox/{provider}/", StringComparison.Ordinal));

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, inner) =>
        {
            if (!context.Request.Path.StartsWithSegments("/sandbox"))
            {
                await inner(context);
                return;
            }
            context.Request.EnableBuffering();
            var request = await new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true).ReadToEndAsync();
            context.Request.Body.Position = 0;
            var wire = context.Response.Body;
            using var answer = new MemoryStream();
            context.Response.Body = answer;
            try
            {
                await inner(context);
            }
            finally
            {
                context.Response.Body = wire;
            }
            Exchanges.Enqueue(new(context.Request.Method, context.Request.Path.Value!, context.Request.QueryString.Value ?? "", request,
                context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(answer.ToArray()),
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            answer.Position = 0;
            await answer.CopyToAsync(wire);
        });
        next(app);
    };
}

/// <summary>The app with its sandbox traffic recorded.</summary>
public sealed class ContractsApp : WorkAppFactory
{
    public SandboxTraffic Traffic { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(Traffic));
    }
}

[CollectionDefinition(Name)]
public sealed class ContractsCollection : ICollectionFixture<ContractsApp>
{
    public const string Name = "contracts";
}
