using System.Net;
using System.Net.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Outbound;

namespace WorkPipelines.Sandbox;

/// <summary>Where connectors reach the sandbox providers: configured, or this app's own listening address (real HTTP over loopback).</summary>
public sealed class SandboxAddress(IOptions<SandboxOptions> options, IServer? server = null)
{
    public string For(string provider) => $"{Root().TrimEnd('/')}/sandbox/{provider}/";

    /// <summary>
    /// The connect callback of the sandbox connections' client. The sandbox is usually on loopback, which the outbound
    /// policy refuses; it is trusted here because the server chose the address (its own, or the operator's
    /// <c>Connectors:SandboxBaseUrl</c>), never a user. In exchange this client reaches that one endpoint and nothing else.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var root = new Uri(Root());
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        if (!string.Equals(host, root.IdnHost, StringComparison.OrdinalIgnoreCase) || port != root.Port)
            throw new FetchRefusedException($"{host}:{port} is not the sandbox; a sandbox connection reaches only {root.Authority}");
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        return await AddressGate.ConnectToAsync(addresses, port, cancellationToken);
    }

    private string Root()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.SandboxBaseUrl)) return options.Value.SandboxBaseUrl;
        var address = server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http://"))
            ?? server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("no server address to reach the sandbox at; set Connectors:SandboxBaseUrl");
        return address.Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://127.0.0.1").Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1");
    }
}
