using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Connectors.Sync;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.Connectors;

/// <summary>A provider as the Connectors page and API show it: what it brings and, when connected, how its connection is doing.</summary>
public sealed record ConnectorView(
    string Provider, string Title, string Brings, string Panel, IReadOnlyList<CredentialMethod> Methods,
    bool Connected, ConnectionStatus? Status, bool UsesSandbox, SyncSchedule? Schedule, bool Paused,
    DateTimeOffset? LastSyncAt, DateTimeOffset? NextSyncAt, DateTimeOffset? LastSuccessAt, long RecordsSynced, string? LastError,
    ActiveSync? Sync, string? SignedInWith = null)
{
    /// <summary>Made by signing in at a sandbox's imitation of the provider rather than the provider itself.</summary>
    public bool SignedInAtSandbox => SignedInWith?.StartsWith("sandbox-", StringComparison.Ordinal) == true;

    /// <summary>On a healthy connection, what the last sync could not cover (e.g. Shopify's 60-day order window without read_all_orders).</summary>
    public string? Notice => Connected && Sync is null && !Paused && Status == ConnectionStatus.Healthy ? LastError : null;

    /// <summary>One word for the card's chip: not connected, syncing, healthy, failing, needs reconnect, paused.</summary>
    public string State => !Connected ? "Not connected"
        : Sync is not null ? "Syncing"
        : Paused ? "Paused"
        : Status switch
        {
            ConnectionStatus.Healthy => "Healthy",
            ConnectionStatus.Failing => "Failing",
            ConnectionStatus.NeedsReconnect => "Needs reconnect",
            _ => "Connecting",
        };
}

/// <summary>The queued or running sync of a connection.</summary>
public sealed record ActiveSync(Guid RunId, PipelineRunStatus Status, int ProgressPercent, string? Message);

/// <summary>Reads connections of the current workspace into <see cref="ConnectorView"/>s.</summary>
public sealed class ConnectorViews(WorkDbContext db, ConnectorRegistry registry, CredentialProtector protector)
{
    public async Task<IReadOnlyList<ConnectorView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var connections = await db.Connections.AsNoTracking().ToDictionaryAsync(c => c.Provider, cancellationToken);
        var keys = connections.Values.Select(c => SyncConnection.ConcurrencyKey(c.Id)).ToList();
        var active = await db.PipelineRuns.AsNoTracking()
            .Where(r => r.ConcurrencyKey != null && keys.Contains(r.ConcurrencyKey) && (r.Status == PipelineRunStatus.Queued || r.Status == PipelineRunStatus.Running))
            .Select(r => new { r.ConcurrencyKey, r.Id, r.Status, r.ProgressPercent, r.ProgressMessage })
            .ToListAsync(cancellationToken);

        return ProviderCatalog.All.Where(p => registry.Find(p.Key) is not null).Select(p =>
        {
            var c = connections.GetValueOrDefault(p.Key);
            var run = c is null ? null : active.FirstOrDefault(r => r.ConcurrencyKey == SyncConnection.ConcurrencyKey(c.Id));
            return new ConnectorView(p.Key, p.Title, p.Brings, p.Panel, p.Methods, c is not null, c?.Status, c?.UsesSandbox ?? false, c?.Schedule,
                c?.Paused ?? false, c?.LastSyncAt, c?.NextSyncAt, c?.LastSuccessAt, c?.RecordsSynced ?? 0, c?.LastError,
                run is null ? null : new ActiveSync(run.Id, run.Status, run.ProgressPercent, run.ProgressMessage), c is null ? null : SignedInWith(c));
        }).ToList();
    }

    // Which sign-in made the connection (so "Reconnect with Google" can sign in again in one click); null for pasted credentials.
    private string? SignedInWith(Connection connection)
    {
        try
        {
            return OAuth.OAuthGrant.From(protector.Unprotect(connection.ProtectedCredentials))?.Registration;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
