namespace WorkPipelines.Domain.Reports;

/// <summary>A report in lists: everything but the model.</summary>
public sealed record ReportSummary(Guid Id, ReportType Type, string Title, string PeriodKey, DateOnly From, DateOnly To,
    DateOnly CompareFrom, DateOnly CompareTo, ReportStatus Status, string? RequestedByUserId, DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt, Guid? RunId, long SizeBytes, string? Error);

/// <summary>A report with its built model (null until Ready).</summary>
public sealed record ReportDetail(ReportSummary Report, ReportModel? Model);

/// <summary>A report that was asked for and the run building it.</summary>
public sealed record ReportRequested(ReportSummary Report, Guid RunId);

/// <summary>A rendered file.</summary>
public sealed record ReportFile(byte[] Content, string ContentType, string FileName);
