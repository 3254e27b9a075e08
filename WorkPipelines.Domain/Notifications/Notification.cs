using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Notifications;

/// <summary>A message for one user in one workspace, shown under the bell until read.</summary>
public class Notification : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public required string UserId { get; init; }
    public required string Title { get; init; }
    public string? Body { get; init; }
    public NotificationLevel Level { get; init; } = NotificationLevel.Info;

    /// <summary>Where clicking the notification leads, relative to the app root.</summary>
    public string? Link { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; set; }
}

public enum NotificationLevel
{
    Info = 0,
    Success = 1,
    Warning = 2,
    Error = 3,
}
