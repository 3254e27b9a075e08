using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace WorkPipelines.Domain.Outbound;

/// <summary>
/// The outbound policy on addresses: a host is reached only when every address it resolves to is public
/// (or a loopback endpoint on the test allow-list). Asked before a request and again when the socket connects
/// (<see cref="ConnectAsync"/>), which connects only to the addresses it has just checked.
/// </summary>
public sealed class AddressGate(IHostResolver resolver, IOptions<OutboundOptions> options)
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

    /// <summary>
    /// A <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host again, checks every address and connects to
    /// those, so a name that re-resolves to an internal address after <see cref="CheckAsync"/> (DNS rebinding) is refused too.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAllowedAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken);
        }
        catch (FetchRefusedException ex)
        {
            throw new FetchRefusedException($"{ex.Message} when connecting", ex);
        }
        return await ConnectToAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
    }

    /// <summary>A TCP stream to the first of <paramref name="addresses"/> that answers.</summary>
    public static async ValueTask<Stream> ConnectToAsync(IPAddress[] addresses, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private string? WhyRefused(IPAddress address, int port) =>
        IPAddress.IsLoopback(address) && _allowedLoopback.Contains(new IPEndPoint(address, port)) ? null : AddressPolicy.WhyBlocked(address);

    private async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return await resolver.ResolveAsync(host, cancellationToken);
        }
        catch (SocketException ex)
        {
            // Words a person can act on, not a socket code: a name that does not exist, a name server that did not answer,
            // or a server that cannot look names up at all (no internet access).
            throw new FetchRefusedException(ex.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.NoData =>
                    $"{host} could not be found: check the address for a typo; if it is right, this server may have no internet access",
                SocketError.TryAgain => $"{host} could not be looked up just now (the name server did not answer): try again in a minute",
                _ => $"{host} could not be looked up ({ex.SocketErrorCode}): this server may have no internet access",
            }, ex);
        }
    }
}
