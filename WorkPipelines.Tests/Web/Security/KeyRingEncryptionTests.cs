using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Data;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Web;

namespace WorkPipelines.Tests.Web.Security;

/// <summary>
/// <c>DataProtection:CertificatePath</c>: the key ring in the database is stored encrypted with the certificate
/// (without it, keys are plain XML there) and read back with it.
/// </summary>
public sealed class KeyRingEncryptionTests(KeyRingEncryptionTests.CertificateApp app) : IClassFixture<KeyRingEncryptionTests.CertificateApp>
{
    private const string Password = "key-ring-test";

    public sealed class CertificateApp : WorkAppFactory
    {
        public static string CertificatePath { get; } = WriteCertificate(withPrivateKey: true);

        protected override IDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePath"] = CertificatePath,
            ["DataProtection:CertificatePassword"] = Password,
        };
    }

    [Fact]
    public async Task Keys_are_stored_encrypted_with_the_certificate_and_read_back_with_it()
    {
        var user = await ApiUser.RegisterAsync(app); // signing in makes the app create and use a key

        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<WorkDbContext>().DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
        Assert.NotEmpty(stored);
        Assert.All(stored, xml =>
        {
            Assert.Contains("<encryptedSecret", xml);
            Assert.DoesNotContain("unencrypted form", xml);
        });

        // Read from the database again (not the in-memory ring) and decrypted with the certificate.
        var keys = app.Services.GetRequiredService<IKeyManager>().GetAllKeys();
        Assert.All(keys, key => Assert.NotNull(key.Descriptor));
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("api/work/me")).StatusCode);
    }

    [Fact]
    public void A_missing_file_a_wrong_password_or_a_certificate_without_its_private_key_stops_the_start_saying_which()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => KeyRingCertificate.Load("/nonexistent/keys.pfx", Password));
        Assert.Contains("no file at '/nonexistent/keys.pfx'", missing.Message);

        var wrongPassword = Assert.Throws<InvalidOperationException>(() => KeyRingCertificate.Load(CertificateApp.CertificatePath, "not-it"));
        Assert.Contains("could not be read as PKCS#12", wrongPassword.Message);

        var publicOnly = Assert.Throws<InvalidOperationException>(() => KeyRingCertificate.Load(WriteCertificate(withPrivateKey: false), Password));
        Assert.Contains("has no private key", publicOnly.Message);

        Assert.True(KeyRingCertificate.Load(CertificateApp.CertificatePath, Password).HasPrivateKey);
    }

    private static string WriteCertificate(bool withPrivateKey)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Work Pipelines key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(Path.GetTempPath(), $"wp-keyring-{Guid.NewGuid():N}.pfx");
        using var exported = withPrivateKey ? certificate : X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert));
        File.WriteAllBytes(path, exported.Export(X509ContentType.Pkcs12, Password));
        return path;
    }
}
