using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace WorkPipelines.Domain.Outbound;

/// <summary>
/// The first gate, before any DNS: is this an http(s) URL without credentials whose host is either a
/// public IP literal or a proper name? Numeric hosts in legacy spellings (2130706433, 0x7f000001,
/// 0177.0.0.1, 127.1) are decoded the way inet_aton would, so they are judged as the address they mean.
/// </summary>
public static partial class UrlGuard
{
    /// <summary>Parses what a person typed ("example.com" means https://example.com/); the problem says why not.</summary>
    public static (Uri? Url, string? Problem) Parse(string? input)
    {
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text)) return (null, "enter a website address, e.g. https://example.com");
        if (text.Length > 2000) return (null, "the address is longer than 2000 characters");
        if (!HasScheme(text)) text = "https://" + text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url)) return (null, $"'{input}' is not a valid web address");
        return (url, Check(url));
    }

    /// <summary>Why this absolute URL may not be fetched, judging what can be judged without DNS; null when it may go on to the address check.</summary>
    public static string? Check(Uri url)
    {
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            return $"only http and https are allowed, not {url.Scheme}:";
        if (!string.IsNullOrEmpty(url.UserInfo))
            return "addresses with a user name or password (user:pass@) are not allowed";
        if (string.IsNullOrEmpty(url.Host))
            return $"'{url}' is not a valid web address";
        // IP literals are judged by the AddressGate, which also knows the test allow-list.
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6) return null;

        var host = url.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal)) return $"{url.Host} is a loopback address";
        if (LegacyNumericHost(host) is { } decoded)
            return AddressPolicy.WhyBlocked(decoded) is { } kind ? $"{url.Host} means {decoded}, {kind}" : $"{url.Host} is a numeric address in an unusual spelling; write it as {decoded}";
        if (host.Split('.')[^1].All(char.IsAsciiDigit))
            return $"{url.Host} is not a valid host name";
        return null;
    }

    /// <summary>
    /// inet_aton's reading of a host made of 1-4 numeric parts (decimal, 0x hex, leading-zero octal), which
    /// System.Uri leaves as a name in some spellings but a resolver would still turn into an address.
    /// </summary>
    internal static IPAddress? LegacyNumericHost(string host)
    {
        var parts = host.Split('.');
        if (parts.Length is < 1 or > 4) return null;
        var values = new ulong[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!TryNumber(parts[i], out values[i])) return null;

        // All but the last part are single bytes; the last fills the remaining bytes (127.1 = 127.0.0.1).
        ulong value = 0;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (values[i] > 255) return null;
            value |= values[i] << (8 * (3 - i));
        }
        var lastBytes = 4 - (parts.Length - 1);
        if (values[^1] >= 1UL << (8 * lastBytes)) return null;
        return new IPAddress(BitConverter.GetBytes((uint)(value | values[^1])).Reverse().ToArray());
    }

    private static bool TryNumber(string part, out ulong value)
    {
        value = 0;
        if (part.Length is 0 or > 16) return false;
        if (part.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return part.Length == 2 || ulong.TryParse(part[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        if (part.Length > 1 && part[0] == '0')
        {
            foreach (var c in part[1..])
            {
                if (c is < '0' or > '7') return false;
                value = value * 8 + (ulong)(c - '0');
            }
            return true;
        }
        return part.All(char.IsAsciiDigit) && ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>"host:8080/x" has no scheme even though it has a colon; "file:/x" and "gopher://x" do.</summary>
    private static bool HasScheme(string text) => SchemePrefix().Match(text) is { Success: true } m && !char.IsAsciiDigit(text[m.Length]);

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.\-]*:(?=.)")]
    private static partial Regex SchemePrefix();
}
