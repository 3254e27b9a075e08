namespace WorkPipelines.Domain.Reports.Schedules;

/// <summary>
/// A schedule as people write it. cadence: weekly or monthly; day: a weekday name for weekly
/// (monday…sunday), 1–28 or "last" for monthly; time: HH:mm in the workspace's time zone.
/// </summary>
public sealed record ReportScheduleInput(string? Type, string? Period, string? Cadence, string? Day, string? Time,
    bool? Enabled = null, IReadOnlyList<string>? Recipients = null);

/// <summary>A schedule as lists show it: times in UTC and, for people, in the workspace's zone.</summary>
public sealed record ReportScheduleView(Guid Id, ReportType Type, string Title, string PeriodKey, ReportCadence Cadence, string Day,
    string Time, bool Enabled, IReadOnlyList<string> Recipients, string? CreatedByUserId, string TimeZone,
    DateTimeOffset? NextDueUtc, DateTime? NextDueLocal, DateTimeOffset? LastRunUtc, Guid? LastReportId,
    DateTimeOffset? LastDeliveredAt, string? LastDeliveryError, string Description);
