using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WorkPipelines.Web;

/// <summary>Loads the certificate that encrypts the Data Protection key ring (<c>DataProtection:CertificatePath</c>), or stops the start with what is wrong.</summary>
internal static class KeyRingCertificate
{
    public static X509Certificate2 Load(string path, string? password)
    {
        if (!File.Exists(path))
            throw new InvalidOperationException($"DataProtection:CertificatePath: no file at '{path}'. Give a PKCS#12 (.pfx) file with a private key, or remove the setting.");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"DataProtection:CertificatePath: '{path}' could not be read as PKCS#12 with the given DataProtection:CertificatePassword ({ex.Message}).", ex);
        }
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException($"DataProtection:CertificatePath: '{path}' has no private key; the key ring could be encrypted but never read back.");
        return certificate;
    }
}
