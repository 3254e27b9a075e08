using System.Net.Http;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.Ga4;

namespace WorkPipelines.Sandbox;

/// <summary>What the Domain's connections ask of the sandbox (<see cref="ISandbox"/>): accounts with credentials, faults, the address.</summary>
internal sealed class SandboxConnections(SandboxAccounts accounts, SandboxAddress address, IOptions<SandboxOptions> options) : ISandbox
{
    public async Task<Dictionary<string, string>> CreateAccountAsync(ProviderInfo provider, int? historyDays, SandboxFaults? faults, CancellationToken cancellationToken = default)
    {
        var account = await accounts.CreateAsync(provider.Key, historyDays ?? options.Value.SandboxHistoryDays, cancellationToken: cancellationToken);
        if (faults is not null) await accounts.SetFaultsAsync(account.Token!, faults, cancellationToken);
        return provider.Methods[0].Fields.ToDictionary(f => f.Name, f => f.Name == GoogleServiceAccount.KeyField ? account.ServiceAccountKey!
            : f.Secret ? account.Token! : SandboxValues.Of(f.Name, provider.Key, account));
    }

    public async Task<bool> SetFaultsAsync(string provider, IReadOnlyDictionary<string, string> credentials, SandboxFaults faults, CancellationToken cancellationToken = default) =>
        await accounts.SetFaultsAsync(SandboxAccounts.TokenOf(provider, credentials), faults, cancellationToken) is not null;

    public Uri BaseUrlOf(string provider) => new(address.For(provider));

    public string ValueOf(string provider, string field) => SandboxValues.Of(field, provider);

    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) => address.ConnectAsync(context, cancellationToken);
}
