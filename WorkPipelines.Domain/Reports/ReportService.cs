using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Reports.Builders;
using WorkPipelines.Domain.Reports.Rendering;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Reports;

/// <summary>What people do with reports, for pages and the API alike; checks role and workspace itself.</summary>
public sealed class ReportService(WorkDbContext db, CurrentWorkspace workspace, RunQueue queue, PeriodResolver periods, ActivityLog activity, TimeProvider time)
{
    public const string AdminOnly = "Only workspace admins can delete reports.";
    public static readonly string[] Formats = ["pdf", "xlsx", "csv"];

    public static string TypeNames => string.Join(", ", Enum.GetNames<ReportType>());

    public async Task<(WorkResult Result, ReportRequested? Requested)> GenerateAsync(string? type, string? period, DateOnly? from, DateOnly? to, CancellationToken cancellationToken = default)
    {
        var reportType = Enum.GetNames<ReportType>().FirstOrDefault(n => string.Equals(n, type?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (reportType is null) return (WorkResult.Invalid($"unknown report type '{type}'; valid: {TypeNames}"), null);
        if (string.IsNullOrWhiteSpace(period) && (from is not null || to is not null)) period = "custom";
        var (resolved, problem) = await periods.ResolveAsync(new PeriodQuery(period, null, from, to), Period.ReportKeys, cancellationToken);
        if (resolved is null) return (WorkResult.Invalid(problem!), null);

        var report = Report.Generating(workspace.WorkspaceId, Enum.Parse<ReportType>(reportType), resolved, workspace.UserId, time.GetUtcNow());
        db.Add(report);
        await db.SaveChangesAsync(cancellationToken);
        var enqueued = await queue.EnqueueAsync(new PipelineRequest(workspace.WorkspaceId, GenerateReport.KindName)
        {
            Payload = new GenerateReportPayload(report.Id),
            RequestedByUserId = workspace.UserId,
        }, cancellationToken);
        report.RunId = enqueued.Run.Id;
        await activity.RecordAsync("report.requested", $"{report.Type} {report.Id}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (WorkResult.Ok, new ReportRequested(Summary(report), enqueued.Run.Id));
    }

    public async Task<IReadOnlyList<ReportSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        (await db.Set<Report>().AsNoTracking().OrderByDescending(r => r.CreatedAt).Take(500).ToListAsync(cancellationToken)).Select(Summary).ToList();

    public async Task<ReportDetail?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await db.Set<Report>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is { } report
            ? new ReportDetail(Summary(report), Model(report))
            : null;

    public async Task<WorkResult> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return WorkResult.Forbidden(AdminOnly);
        var deleted = await db.Set<Report>().Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0) return WorkResult.NotFound($"No report {id} in this workspace.");
        await activity.RecordAsync("report.deleted", id.ToString(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return WorkResult.Ok;
    }

    public async Task<(WorkResult Result, ReportFile? File)> RenderAsync(Guid id, string? format, CancellationToken cancellationToken = default)
    {
        format = format?.Trim().ToLowerInvariant();
        if (format is null || !Formats.Contains(format))
            return (WorkResult.Invalid($"unknown format '{format}'; valid: {string.Join(", ", Formats)}"), null);
        var report = await db.Set<Report>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (report is null) return (WorkResult.NotFound($"No report {id} in this workspace."), null);
        if (report.Status == ReportStatus.Generating) return (WorkResult.Conflict("The report is still being generated; download it when it is Ready."), null);
        if (Model(report) is not { } model) return (WorkResult.Conflict($"The report failed and has nothing to download: {report.Error}"), null);

        var name = $"{report.Type.ToString().ToLowerInvariant()}-{report.From:yyyyMMdd}-{report.To:yyyyMMdd}.{format}";
        return (WorkResult.Ok, format switch
        {
            "csv" => new ReportFile(System.Text.Encoding.UTF8.GetBytes(ReportCsv.Render(model)), "text/csv", name),
            "xlsx" => new ReportFile(ReportXlsx.Render(model), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name),
            _ => new ReportFile(ReportPdf.Render(model, await PdfOptionsAsync(cancellationToken)), "application/pdf", name),
        });
    }

    /// <summary>The workspace's name, currency and zone, for the PDF's title page and amounts.</summary>
    public async Task<ReportPdfOptions> PdfOptionsAsync(CancellationToken cancellationToken = default) =>
        await db.Workspaces.AsNoTracking().Where(w => w.Id == workspace.WorkspaceId)
            .Select(w => new ReportPdfOptions(w.Name, w.Currency, w.TimeZone)).SingleOrDefaultAsync(cancellationToken)
        ?? new ReportPdfOptions(workspace.WorkspaceName);

    private static ReportModel? Model(Report report) =>
        report is { Status: ReportStatus.Ready, ModelJson: { } json } ? JsonSerializer.Deserialize<ReportModel>(json, ReportJson.Options) : null;

    private static ReportSummary Summary(Report r) => new(r.Id, r.Type, ReportBuilders.TitleOf(r.Type), r.PeriodKey, r.From, r.To,
        r.CompareFrom, r.CompareTo, r.Status, r.RequestedByUserId, r.CreatedAt, r.CompletedAt, r.RunId, r.SizeBytes, r.Error);
}
