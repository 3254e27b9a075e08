using System.Net;

namespace WorkPipelines.Domain.Outbound;

/// <summary>HTTP clients that obey the outbound policy: every connection is made by <see cref="AddressGate.ConnectAsync"/>.</summary>
public static class OutboundHttp
{
    /// <summary>
    /// A handler whose every connection passes the gate at connect time. It never follows redirects (a caller that wants
    /// them follows each hop itself, through the gate again) and uses no proxy, which would connect for us past the check.
    /// </summary>
    public static SocketsHttpHandler Handler(AddressGate gate) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        // New connections re-resolve and are re-judged; a long-lived pooled one would keep an old answer forever.
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = gate.ConnectAsync,
    };

    /// <summary>HTTP/3 runs over QUIC, which never goes through the connect callback: policy clients stay on TCP.</summary>
    public static void StayOnTcp(HttpClient client)
    {
        client.DefaultRequestVersion = HttpVersion.Version11;
        client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
    }
}
