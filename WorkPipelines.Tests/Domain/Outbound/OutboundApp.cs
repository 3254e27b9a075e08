using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Outbound;
using WorkPipelines.Tests.Infrastructure;
using static WorkPipelines.Tests.Infrastructure.TableResolver;

namespace WorkPipelines.Tests.Domain.Outbound;

/// <summary>
/// The app with every real provider but Shopify pointed at <see cref="Listener"/> (operator settings, as a staging
/// imitation would be: allowed by the exact loopback endpoint, still under the outbound policy), and DNS answered by
/// <see cref="Dns"/>. Shopify keeps its own derived host, so a shop domain that resolves inward can be tried.
/// </summary>
public sealed class OutboundApp : WorkAppFactory
{
    public const string RebindPath = "rebind/ok";

    private static readonly Lazy<LoopbackListener> SharedListener = new(() => LoopbackListener.StartAsync(context =>
    {
        if (context.Request.Path != "/" + RebindPath) return LoopbackListener.AdminPageAsync(context);
        // A new connection for the next request, so the next request resolves the name again.
        context.Response.Headers.Connection = "close";
        return context.Response.WriteAsJsonAsync(new { ok = true });
    }).GetAwaiter().GetResult());

    /// <summary>Answers like an internal admin page (400, HTML) under /{provider}/, and 200 at <see cref="RebindPath"/>.</summary>
    public static LoopbackListener Listener => SharedListener.Value;

    public static TableResolver Dns { get; } = new(new()
    {
        ["internal-shop.myshopify.com"] = [Addresses("10.0.0.5")],
        ["rebind.test"] = [Addresses("127.0.0.1"), Addresses("10.0.0.7")],
    });

    public static readonly string[] ImitatedProviders = ["stripe", "ga4", "meta", "social", "mailchimp", "zendesk"];

    protected override IDictionary<string, string?> ExtraSettings { get; } = ImitatedProviders
        .ToDictionary(p => $"Connectors:ProviderBaseUrls:{p}", p => (string?)new Uri(Listener.Root, p + "/").ToString())
        .Append(new("Outbound:AllowLoopbackEndpoints:1", Listener.EndPoint))
        .ToDictionary();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IHostResolver>(Dns));
    }
}

[CollectionDefinition(Name)]
public sealed class OutboundCollection : ICollectionFixture<OutboundApp>
{
    public const string Name = "outbound";
}
