using System.Net;
using Microsoft.Extensions.Options;

namespace WorkPipelines.Domain.BrandAnalysis.Fetching;

/// <summary>
/// The second gate, on addresses: a host is fetched only when every address it resolves to is public
/// (or a loopback endpoint on the test allow-list). Asked before each request and again when the socket connects.
/// </summary>
public sealed class AddressGate(IHostResolver resolver, IOptions<BrandAnalysisOptions> options)
{
    private readonly IReadOnlySet<IPEndPoint> _allowedLoopback = options.Value.AllowedLoopback();

    /// <summary>Checks the URL itself, then every address its host resolves to; throws <see cref="FetchRefusedException"/> saying why not.</summary>
    public async Task CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        if (UrlGuard.Check(url) is { } problem) throw new FetchRefusedException(problem);
        await ResolveAllowedAsync(url.IdnHost, url.Port, cancellationToken);
    }

    /// <summary>The addresses of <paramref name="host"/>, all of them allowed for <paramref name="port"/>.</summary>
    public async Task<IPAddress[]> ResolveAllowedAsync(string host, int port, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await ResolveAsync(host, cancellationToken);
        if (addresses.Length == 0) throw new FetchRefusedException($"{host} does not resolve to any address");
        foreach (var address in addresses)
        {
            if (WhyRefused(address, port) is { } kind)
                throw new FetchRefusedException(literal is null ? $"{host} resolves to {kind} ({address})" : $"{host} is {kind}");
        }
        return addresses;
    }

    private string? WhyRefused(IPAddress address, int port) =>
        IPAddress.IsLoopback(address) && _allowedLoopback.Contains(new IPEndPoint(address, port)) ? null : AddressPolicy.WhyBlocked(address);

    private async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return await resolver.ResolveAsync(host, cancellationToken);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new FetchRefusedException($"{host} could not be found ({ex.SocketErrorCode})", ex);
        }
    }
}
