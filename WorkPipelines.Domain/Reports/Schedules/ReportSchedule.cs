using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Reports.Schedules;

public enum ReportCadence { Weekly, Monthly }

/// <summary>
/// A report a workspace wants built on a rhythm: every week on a weekday, or every month on a day,
/// at a time of day in the workspace's time zone. The scheduler fires it when <see cref="NextDueUtc"/>
/// has passed, and emails it to <see cref="Recipients"/> when the server has SMTP settings.
/// </summary>
public class ReportSchedule : ITenantOwned
{
    /// <summary><see cref="DayOfMonth"/> value meaning the last day of each month.</summary>
    public const int LastDayOfMonth = 0;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public ReportType Type { get; set; }

    /// <summary>A rolling period key (7d, 30d, mtd…), resolved against the day the report fires.</summary>
    public required string PeriodKey { get; set; }
    public ReportCadence Cadence { get; set; }

    /// <summary>Set for <see cref="ReportCadence.Weekly"/>.</summary>
    public DayOfWeek? DayOfWeek { get; set; }

    /// <summary>Set for <see cref="ReportCadence.Monthly"/>: 1–28, or <see cref="LastDayOfMonth"/>.</summary>
    public int? DayOfMonth { get; set; }

    /// <summary>Wall-clock time in the workspace's time zone.</summary>
    public TimeOnly TimeOfDay { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>Who made it: the requester of its reports, notified when each one is done.</summary>
    public string? CreatedByUserId { get; init; }
    public List<string> Recipients { get; set; } = [];

    /// <summary>The next slot, in UTC; null while disabled.</summary>
    public DateTimeOffset? NextDueUtc { get; set; }
    public DateTimeOffset? LastRunUtc { get; set; }
    public Guid? LastReportId { get; set; }
    public DateTimeOffset? LastDeliveredAt { get; set; }

    /// <summary>Why the last email did not go out (null after a successful one).</summary>
    public string? LastDeliveryError { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
