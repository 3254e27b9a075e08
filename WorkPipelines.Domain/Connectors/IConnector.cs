namespace WorkPipelines.Domain.Connectors;

/// <summary>
/// Reads one provider's API. The same code talks to the real provider and to its sandbox; only
/// the base URL and credentials differ. Register with <c>services.AddConnector&lt;T&gt;()</c>.
/// </summary>
public interface IConnector
{
    /// <summary>The provider this reads; must match a <see cref="ProviderCatalog"/> entry.</summary>
    string Provider { get; }

    /// <summary>The streams, started in this order (one after the other, or up to <see cref="StreamsSideBySide"/> at once).</summary>
    IReadOnlyList<IConnectorStream> Streams { get; }

    /// <summary>
    /// How many of its streams a sync may read side by side, within the provider's published limits on concurrent requests
    /// (each stream has one request in flight at a time). 1, the default: one after the other.
    /// </summary>
    int StreamsSideBySide => 1;

    /// <summary>Checks the credentials with one cheap call; throws <see cref="ConnectorAuthException"/> when they are refused.</summary>
    Task VerifyAsync(ConnectorSession session, CancellationToken cancellationToken);

    /// <summary>
    /// After a successful sync: what it could not cover with these credentials, in words a person can act on (a missing
    /// optional scope that limits history), or null when it covered everything. Shown on the healthy connection.
    /// </summary>
    Task<string?> CoverageNoticeAsync(ConnectorSession session, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>
    /// A connection made by signing in, before its check: the grant to keep instead of the signed-in person's, for an API
    /// that takes another token (a Facebook Page's own). The session carries the sign-in's grant.
    /// </summary>
    Task<OAuth.OAuthGrant> TradeSignInAsync(ConnectorSession session, OAuth.OAuthGrant signedIn, CancellationToken cancellationToken) => Task.FromResult(signedIn);
}

/// <summary>One kind of record of a provider (charges, orders, insights…), read page by page.</summary>
public interface IConnectorStream
{
    string Name { get; }

    /// <summary>
    /// Reads the page after <paramref name="cursor"/> (null: start, or continue incrementally from a
    /// finished sync's cursor). The returned cursor is stored with the page's records in one
    /// transaction; returning <see cref="StreamPage.Done"/> true ends this sync of the stream, and
    /// its cursor is where the next sync starts.
    /// </summary>
    Task<StreamPage> ReadPageAsync(ConnectorSession session, string? cursor, CancellationToken cancellationToken);
}

/// <summary>Records of one page and where to continue.</summary>
public sealed record StreamPage(IReadOnlyList<ConnectorRecord> Records, string? Cursor, bool Done);

/// <summary>A provider record as the rollups see it.</summary>
/// <param name="ExternalId">The provider's id; the upsert key within the stream.</param>
/// <param name="Date">The day it counts on (UTC date of the provider's timestamp).</param>
/// <param name="Dimension">Breakdown key (campaign, channel, page, product), or "" for none.</param>
/// <param name="Values">Measures by metric name, e.g. <c>revenue.gross</c>.</param>
public sealed record ConnectorRecord(string ExternalId, DateOnly Date, string Dimension, IReadOnlyDictionary<string, double> Values);
