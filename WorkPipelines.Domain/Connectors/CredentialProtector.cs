using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace WorkPipelines.Domain.Connectors;

/// <summary>Encrypts connection credentials at rest with Data Protection (key ring in the database).</summary>
public sealed class CredentialProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("WorkPipelines.Connectors.Credentials.v1");

    public string Protect(IReadOnlyDictionary<string, string> credentials) =>
        _protector.Protect(JsonSerializer.Serialize(credentials));

    public IReadOnlyDictionary<string, string> Unprotect(string protectedCredentials) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(protectedCredentials)) ?? [];
}
