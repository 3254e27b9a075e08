namespace WorkPipelines.Domain.Sharing;

/// <summary>
/// Tells screens open in this process that a link was revoked, so they drop its data at once. Screens on other instances
/// learn it at their next check (<see cref="ShareOpener"/> on every load, refresh and timer tick): the database decides.
/// </summary>
public sealed class ShareRevocations
{
    /// <summary>Raised after the revocation is saved, with the share's id; handlers must be quick and hand work off.</summary>
    public event Action<Guid>? Revoked;

    public void Raise(Guid shareId) => Revoked?.Invoke(shareId);
}
