using System.Net;
using System.Net.Sockets;

namespace WorkPipelines.Domain.Outbound;

/// <summary>
/// Which IP addresses the fetcher may never connect to: everything that is not public unicast.
/// IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are judged by the address they carry.
/// </summary>
public static class AddressPolicy
{
    // First match wins, so narrower ranges come before the ones that contain them.
    private static readonly (AddressRange Range, string Kind)[] Blocked =
    [
        (AddressRange.Parse("0.0.0.0/8"), "an unspecified address"),
        (AddressRange.Parse("10.0.0.0/8"), "a private address"),
        (AddressRange.Parse("100.64.0.0/10"), "a carrier-grade NAT address"),
        (AddressRange.Parse("127.0.0.0/8"), "a loopback address"),
        (AddressRange.Parse("169.254.0.0/16"), "a link-local address"),
        (AddressRange.Parse("172.16.0.0/12"), "a private address"),
        (AddressRange.Parse("192.0.0.0/24"), "a reserved address"),
        (AddressRange.Parse("192.0.2.0/24"), "a documentation address"),
        (AddressRange.Parse("192.88.99.0/24"), "a reserved address"),
        (AddressRange.Parse("192.168.0.0/16"), "a private address"),
        (AddressRange.Parse("198.18.0.0/15"), "a reserved address"),
        (AddressRange.Parse("198.51.100.0/24"), "a documentation address"),
        (AddressRange.Parse("203.0.113.0/24"), "a documentation address"),
        (AddressRange.Parse("224.0.0.0/4"), "a multicast address"),
        (AddressRange.Parse("255.255.255.255/32"), "a broadcast address"),
        (AddressRange.Parse("240.0.0.0/4"), "a reserved address"),

        (AddressRange.Parse("::/128"), "an unspecified address"),
        (AddressRange.Parse("::1/128"), "a loopback address"),
        (AddressRange.Parse("64:ff9b:1::/48"), "a private address"),
        (AddressRange.Parse("fc00::/7"), "a private address"),
        (AddressRange.Parse("fe80::/10"), "a link-local address"),
        (AddressRange.Parse("fec0::/10"), "a private address"),
        (AddressRange.Parse("ff00::/8"), "a multicast address"),
        (AddressRange.Parse("2001:db8::/32"), "a documentation address"),
        (AddressRange.Parse("2001::/23"), "a reserved address"), // Teredo, benchmarking, ORCHID: tunnels and special use
    ];

    private static readonly AddressRange GlobalUnicastV6 = AddressRange.Parse("2000::/3");
    private static readonly AddressRange Nat64 = AddressRange.Parse("64:ff9b::/96");
    private static readonly AddressRange SixToFour = AddressRange.Parse("2002::/16");

    /// <summary>What kind of non-public address this is ("a private address"), or null when it is public.</summary>
    public static string? WhyBlocked(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return WhyBlocked(address.MapToIPv4());
        if (EmbeddedIPv4(address) is { } carried) return WhyBlocked(carried);

        foreach (var (range, kind) in Blocked)
            if (range.Contains(address)) return kind;

        // IPv6 outside 2000::/3 is unassigned or special-purpose (including the old IPv4-compatible ::a.b.c.d).
        return address.AddressFamily == AddressFamily.InterNetworkV6 && !GlobalUnicastV6.Contains(address) ? "a reserved address" : null;
    }

    /// <summary>The IPv4 address a NAT64 (64:ff9b::a.b.c.d) or 6to4 (2002:aabb:ccdd::) address leads to.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address)) return new IPAddress(bytes[12..16]);
        if (SixToFour.Contains(address)) return new IPAddress(bytes[2..6]);
        return null;
    }
}

/// <summary>An address block in CIDR notation.</summary>
internal readonly record struct AddressRange(byte[] Prefix, int Bits)
{
    public static AddressRange Parse(string cidr)
    {
        var slash = cidr.IndexOf('/');
        return new AddressRange(IPAddress.Parse(cidr[..slash]).GetAddressBytes(), int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    public bool Contains(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (bytes.Length != Prefix.Length) return false;
        for (var bit = 0; bit < Bits; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((bytes[bit / 8] & mask) != (Prefix[bit / 8] & mask)) return false;
        }
        return true;
    }
}
