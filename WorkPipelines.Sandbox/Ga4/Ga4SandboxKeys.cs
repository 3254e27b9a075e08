using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace WorkPipelines.Sandbox.Ga4;

/// <summary>
/// The service-account key a GA4 sandbox account hands out: a key file in the format Google Cloud's console downloads
/// (https://cloud.google.com/iam/docs/keys-create-delete#creating: type, project_id, private_key_id, private_key as PKCS#8
/// PEM, client_email, client_id, token_uri …). The sandbox keeps no key: the key id carries the account's token and the
/// public half ("{token}.{public key, base64url}"), so its token endpoint finds the account from the JWT's "kid" and checks
/// the signature against that half. Unlike Google, whoever holds the account's token could make a key of their own; in the
/// sandbox that token is already the credential, so nothing more is opened.
/// </summary>
public static class Ga4SandboxKeys
{
    public const string ProjectId = "work-pipelines-sandbox";

    public static string ClientEmail(string tokenHash) => $"ga4-reader-{tokenHash[..8].ToLowerInvariant()}@{ProjectId}.iam.gserviceaccount.com";

    /// <returns>The key file to give the user.</returns>
    public static string Create(string token, string tokenHash)
    {
        using var rsa = RSA.Create(2048);
        return JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = ProjectId,
            ["private_key_id"] = token + "." + Base64UrlEncoder.Encode(rsa.ExportSubjectPublicKeyInfo()),
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem() + "\n",
            ["client_email"] = ClientEmail(tokenHash),
            ["client_id"] = Convert.ToUInt64(tokenHash[..15], 16).ToString(),
            ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
            ["token_uri"] = "https://oauth2.googleapis.com/token",
            ["universe_domain"] = "googleapis.com",
        }, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The account token of a key id.</summary>
    public static string TokenOf(string keyId) => keyId.Split('.')[0];

    /// <summary>The public half a key id carries, or null when it carries none that reads.</summary>
    public static RsaSecurityKey? PublicKeyOf(string keyId)
    {
        if (keyId.Split('.') is not [_, var encoded]) return null;
        try
        {
            var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(Base64UrlEncoder.DecodeBytes(encoded), out _);
            return new RsaSecurityKey(rsa.ExportParameters(false));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
