using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Connectors.Sync;

namespace WorkPipelines.Domain.Sandbox;

/// <summary>Where connectors reach the sandbox providers: configured, or this app's own listening address (real HTTP over loopback).</summary>
public sealed class SandboxAddress(IOptions<ConnectorOptions> options, IServer? server = null)
{
    public string For(string provider) => $"{Root().TrimEnd('/')}/sandbox/{provider}/";

    private string Root()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.SandboxBaseUrl)) return options.Value.SandboxBaseUrl;
        var address = server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http://"))
            ?? server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("no server address to reach the sandbox at; set Connectors:SandboxBaseUrl");
        return address.Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://127.0.0.1").Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1");
    }
}
