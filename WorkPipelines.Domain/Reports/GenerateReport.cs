using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Reports.Builders;

namespace WorkPipelines.Domain.Reports;

/// <summary>Builds a report's model section by section, reporting progress, and marks it Ready or Failed.</summary>
public sealed class GenerateReport(WorkDbContext db, DashboardQueries queries, Schedules.ReportDelivery delivery, TimeProvider time) : IPipelineKind
{
    public const string KindName = "reports.generate";

    public string Name => KindName;
    public string Title => "Report";
    public int MaxAttempts => 2;
    public TimeSpan Timeout => TimeSpan.FromMinutes(5);

    public async Task ExecuteAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var (reportId, scheduleId) = context.GetPayload<GenerateReportPayload>();
        var report = await db.Set<Report>().SingleOrDefaultAsync(r => r.Id == reportId, cancellationToken)
            ?? throw new PermanentPipelineException($"report {reportId} does not exist (deleted?)");
        if (report.Status == ReportStatus.Ready) return; // a rerun after a crash that happened past the last write

        try
        {
            var sources = new ReportSources(queries, db, new Period(report.PeriodKey, report.From, report.To, report.CompareFrom, report.CompareTo));
            var steps = ReportBuilders.StepsFor(report.Type);
            List<ReportSection> sections = [];
            for (var k = 0; k < steps.Count; k++)
            {
                await context.ReportProgressAsync(k * 100 / steps.Count, $"Section {k + 1} of {steps.Count}: {steps[k].Title}");
                if (await steps[k].BuildAsync(sources, cancellationToken) is { } section) sections.Add(section);
            }
            if (sections.Count == 0) sections.Add(ReportSection.Empty(ReportBuilders.TitleOf(report.Type), PanelSections.NoData));
            else if (report.Type == ReportType.Executive && ExecutiveSummary.Section(sections, await queries.WorkspaceCurrencyAsync(cancellationToken)) is { } summary)
                sections.Insert(0, summary);

            var model = new ReportModel(ReportBuilders.TitleOf(report.Type), report.Type, report.PeriodKey, report.From, report.To,
                report.CompareFrom, report.CompareTo, time.GetUtcNow(), sections);
            var json = JsonSerializer.Serialize(model, ReportJson.Options);
            report.ModelJson = json;
            report.SizeBytes = System.Text.Encoding.UTF8.GetByteCount(json);
            report.Status = ReportStatus.Ready;
            report.CompletedAt = time.GetUtcNow();
            report.Error = null;
            await db.SaveChangesAsync(cancellationToken);
            await context.ReportProgressAsync(100, $"{steps.Count} of {steps.Count} sections done");
        }
        catch (Exception ex) when (ex is OperationCanceledException or PermanentPipelineException || context.Attempt >= context.MaxAttempts)
        {
            // Otherwise the run retries and the report stays Generating.
            await MarkFailedAsync(report, ex is OperationCanceledException ? "generation was cancelled or timed out" : ex.Message);
            throw;
        }

        // After the report is Ready and outside the failure handling above: email problems never fail it.
        if (scheduleId is { } schedule) await delivery.DeliverAsync(report, schedule, context, cancellationToken);
    }

    private async Task MarkFailedAsync(Report report, string reason)
    {
        db.ChangeTracker.Clear();
        await db.Set<Report>().Where(r => r.Id == report.Id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, ReportStatus.Failed)
            .SetProperty(r => r.Error, reason.Length > 2000 ? reason[..2000] : reason)
            .SetProperty(r => r.CompletedAt, time.GetUtcNow()), CancellationToken.None);
    }
}

/// <summary>Payload of <see cref="GenerateReport"/>; <paramref name="ScheduleId"/> is set when a schedule fired it (then it is emailed).</summary>
public sealed record GenerateReportPayload(Guid ReportId, Guid? ScheduleId = null);
