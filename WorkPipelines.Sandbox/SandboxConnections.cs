using System.Net.Http;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.Ga4;

namespace WorkPipelines.Sandbox;

/// <summary>What the Domain's connections ask of the sandbox (<see cref="ISandbox"/>): accounts with credentials, faults, the address.</summary>
internal sealed class SandboxConnections(SandboxAccounts accounts, SandboxAddress address, IEnumerable<ISandboxProvider> providers, IOptions<SandboxOptions> options)
    : ISandbox
{
    public async Task<Dictionary<string, string>> CreateAccountAsync(ProviderInfo provider, int? historyDays, SandboxFaults? faults, CancellationToken cancellationToken = default)
    {
        var account = await accounts.CreateAsync(provider.Key, historyDays ?? options.Value.SandboxHistoryDays, cancellationToken: cancellationToken);
        if (faults is not null) await accounts.SetFaultsAsync(account.Token!, faults, cancellationToken);
        return provider.Methods[0].Fields.ToDictionary(f => f.Name, f => f.Name == GoogleServiceAccount.KeyField ? account.ServiceAccountKey!
            : f.Secret ? account.Token! : ValueOf(provider.Key, f.Name, account));
    }

    public async Task<bool> SetFaultsAsync(string provider, IReadOnlyDictionary<string, string> credentials, SandboxFaults faults, CancellationToken cancellationToken = default) =>
        await accounts.SetFaultsAsync(SandboxAccounts.TokenOf(provider, credentials), faults, cancellationToken) is not null;

    public Uri BaseUrlOf(string provider) => new(address.For(provider));

    public string ValueOf(string provider, string field) => ValueOf(provider, field, null);

    // Identifier fields get plausible values from the provider's sandbox (a sandbox Shopify app's client id, given its account); secrets get the account token.
    private string ValueOf(string provider, string field, SandboxAccount? account) =>
        providers.FirstOrDefault(p => p.Provider == provider)?.ValueOf(field, account) ?? $"sandbox-{provider}";

    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) => address.ConnectAsync(context, cancellationToken);
}
