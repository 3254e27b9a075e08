using System.Security.Cryptography;
using System.Text.Json;

namespace WorkPipelines.Domain.Sandbox.Ga4;

/// <summary>
/// The service-account key a GA4 sandbox account hands out: a key file in the format Google Cloud's console downloads
/// (https://cloud.google.com/iam/docs/keys-create-delete#creating: type, project_id, private_key_id, private_key as PKCS#8
/// PEM, client_email, client_id, token_uri …). Its private_key_id is the account's token, so the sandbox's token endpoint
/// finds the account from the JWT's "kid" and checks the signature with the public half it kept.
/// </summary>
public static class Ga4SandboxKeys
{
    public const string ProjectId = "work-pipelines-sandbox";

    public static string ClientEmail(string tokenHash) => $"ga4-reader-{tokenHash[..8].ToLowerInvariant()}@{ProjectId}.iam.gserviceaccount.com";

    /// <returns>The public key (PEM) to keep, and the key file to give the user.</returns>
    public static (string PublicKeyPem, string KeyFile) Create(string token, string tokenHash)
    {
        using var rsa = RSA.Create(2048);
        var keyFile = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = ProjectId,
            ["private_key_id"] = token,
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem() + "\n",
            ["client_email"] = ClientEmail(tokenHash),
            ["client_id"] = Convert.ToUInt64(tokenHash[..15], 16).ToString(),
            ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
            ["token_uri"] = "https://oauth2.googleapis.com/token",
            ["universe_domain"] = "googleapis.com",
        }, new JsonSerializerOptions { WriteIndented = true });
        return (rsa.ExportSubjectPublicKeyInfoPem(), keyFile);
    }
}
