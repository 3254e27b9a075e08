using System.Security.Cryptography;
using System.Text;

namespace WorkPipelines.Domain.Sharing;

/// <summary>The secret in a share link: 256 random bits, base64url (43 characters); stored only as its SHA-256.</summary>
public static class ShareTokens
{
    public const int Bytes = 32;

    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(Bytes));

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether <paramref name="token"/> could be one of ours; anything else is refused before the database is asked.</summary>
    public static bool LooksValid(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
