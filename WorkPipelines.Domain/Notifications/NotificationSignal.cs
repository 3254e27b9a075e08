namespace WorkPipelines.Domain.Notifications;

/// <summary>
/// Tells open bells in this process that a user's notifications changed: a run's outcome or an alert is written a moment
/// after the event that caused it, so a bell that reloaded on the event alone could read too early.
/// </summary>
public sealed class NotificationSignal
{
    /// <summary>Raised after notifications for (workspace, user) were stored; handlers must be quick and hand work off.</summary>
    public event Action<Guid, string>? Written;

    public void Raise(Guid workspaceId, string userId) => Written?.Invoke(workspaceId, userId);
}
