using System.Net;

namespace WorkPipelines.Domain.Outbound;

/// <summary>The outbound policy's settings (section <c>Outbound</c>): who may be reached besides public addresses.</summary>
public sealed class OutboundOptions
{
    public const string Section = "Outbound";

    /// <summary>
    /// Loopback endpoints ("127.0.0.1:5123") that may be reached anyway. Empty by default and only for tests that serve
    /// fixture sites or provider imitations on loopback; an exact address and port, so nothing else on the machine is
    /// opened up. Non-loopback entries stop the app at start.
    /// </summary>
    public List<string> AllowLoopbackEndpoints { get; set; } = [];

    internal IReadOnlySet<IPEndPoint> AllowedLoopback() => AllowLoopbackEndpoints
        .Select(e => IPEndPoint.TryParse(e, out var endpoint) && IPAddress.IsLoopback(endpoint.Address) && endpoint.Port > 0
            ? endpoint
            : throw new InvalidOperationException($"{Section}:{nameof(AllowLoopbackEndpoints)} takes loopback address:port pairs only, not '{e}'"))
        .ToHashSet();
}
