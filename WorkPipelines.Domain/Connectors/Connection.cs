using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Connectors;

/// <summary>A workspace's link to one provider account: credentials, schedule, health.</summary>
public class Connection : ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }

    /// <summary>Provider key, e.g. <c>stripe</c>; see <see cref="ProviderCatalog"/>.</summary>
    public required string Provider { get; init; }
    public ConnectionStatus Status { get; set; } = ConnectionStatus.NeverSynced;

    /// <summary>Credentials as JSON, encrypted with ASP.NET Core Data Protection; never returned by any API.</summary>
    public required string ProtectedCredentials { get; set; }

    /// <summary>The provider API's base URL (the sandbox's for sandbox connections).</summary>
    public required string BaseUrl { get; set; }
    public bool UsesSandbox { get; set; }
    public SyncSchedule Schedule { get; set; } = SyncSchedule.Hourly;
    public bool Paused { get; set; }
    public DateTimeOffset? NextSyncAt { get; set; }
    public DateTimeOffset? LastSyncAt { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public int ConsecutiveFailures { get; set; }
    /// <summary>Why the last sync failed; on a healthy connection, what the last sync could not cover (<see cref="IConnector.CoverageNoticeAsync"/>).</summary>
    public string? LastError { get; set; }
    public long RecordsSynced { get; set; }
    public DateTimeOffset ConnectedAt { get; init; }
    public string? ConnectedByUserId { get; init; }
}

public enum ConnectionStatus
{
    NeverSynced,
    Healthy,
    Failing,
    NeedsReconnect,
}

public enum SyncSchedule
{
    Manual,
    Every15Minutes,
    Hourly,
    Every6Hours,
    Daily,
}

public static class SyncScheduleExtensions
{
    public static TimeSpan? Interval(this SyncSchedule schedule) => schedule switch
    {
        SyncSchedule.Every15Minutes => TimeSpan.FromMinutes(15),
        SyncSchedule.Hourly => TimeSpan.FromHours(1),
        SyncSchedule.Every6Hours => TimeSpan.FromHours(6),
        SyncSchedule.Daily => TimeSpan.FromDays(1),
        _ => null,
    };
}
