using System.Security.Cryptography;
using System.Text;
using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Domain.Metrics.Dashboard;

/// <summary>A connection's state as far as the dashboard's figures are concerned.</summary>
/// <param name="LastSuccessAt">When its last successful sync ended (a panel's "as of"); not part of the version, which
/// <paramref name="LastSyncAt"/> already moves whenever this does.</param>
public sealed record DataStamp(Guid ConnectionId, string Provider, ConnectionStatus Status, bool Paused, DateTimeOffset? LastSyncAt,
    DateTimeOffset? LastSuccessAt = null);

/// <summary>
/// The workspace's connections, read once per view: <see cref="VersionOf"/> names the state of the data a set of sources
/// shows, so a cached figure is found again only while no sync of those sources has finished and none was connected,
/// paused or removed since. The version is the same on every instance (a hash of the rows, not of this process).
/// </summary>
public sealed class DataStamps(IReadOnlyList<DataStamp> stamps)
{
    /// <summary>Every connection of the workspace, as read.</summary>
    public IReadOnlyList<DataStamp> All => stamps;

    public string VersionOf(IReadOnlyList<string> sources)
    {
        var text = new StringBuilder();
        foreach (var stamp in stamps.Where(s => sources.Contains(s.Provider)).OrderBy(s => s.ConnectionId))
            text.Append(stamp.ConnectionId.ToString("N")).Append((int)stamp.Status).Append(stamp.Paused ? 'p' : 'a')
                .Append(stamp.LastSyncAt?.UtcTicks).Append(';');
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())), 0, 12).Replace('/', '_').Replace('+', '-');
    }
}
