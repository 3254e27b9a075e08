using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Mail;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Reports.Builders;

namespace WorkPipelines.Domain.Reports.Schedules;

/// <summary>
/// Emails a Ready scheduled report to its schedule's recipients with the rendered files attached.
/// Never fails the report: a delivery problem is logged, written to the run's log and recorded on the schedule.
/// </summary>
public sealed class ReportDelivery(WorkDbContext db, ReportService reports, MailSender mail, TimeProvider time, ILogger<ReportDelivery> logger)
{
    /// <summary>The files attached to the email, rendered through <see cref="ReportService.RenderAsync"/>.</summary>
    public static readonly string[] AttachedFormats = ["pdf", "xlsx"];

    public async Task DeliverAsync(Report report, Guid scheduleId, PipelineContext context, CancellationToken cancellationToken)
    {
        if (!mail.IsConfigured) return;
        var schedule = await db.Set<ReportSchedule>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == scheduleId, cancellationToken);
        if (schedule is null || schedule.Recipients.Count == 0) return;

        string? error = null;
        try
        {
            await mail.SendAsync(await ComposeAsync(report, schedule, cancellationToken), cancellationToken);
            await context.LogAsync($"Emailed to {string.Join(", ", schedule.Recipients)}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            error = $"Email to {string.Join(", ", schedule.Recipients)} failed: {ex.Message}";
            logger.LogWarning(ex, "Emailing report {ReportId} of schedule {ScheduleId} failed", report.Id, scheduleId);
            await context.LogAsync(error);
        }

        var now = time.GetUtcNow();
        var schedules = db.Set<ReportSchedule>().Where(s => s.Id == scheduleId);
        if (error is null)
            await schedules.ExecuteUpdateAsync(s => s.SetProperty(x => x.LastDeliveredAt, now).SetProperty(x => x.LastDeliveryError, (string?)null), CancellationToken.None);
        else
            await schedules.ExecuteUpdateAsync(s => s.SetProperty(x => x.LastDeliveryError, error.Length > 2000 ? error[..2000] : error), CancellationToken.None);
    }

    private async Task<MimeMessage> ComposeAsync(Report report, ReportSchedule schedule, CancellationToken cancellationToken)
    {
        var title = ReportBuilders.TitleOf(report.Type);
        var message = new MimeMessage();
        foreach (var recipient in schedule.Recipients) message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = $"{title}, {report.From:d MMM yyyy} – {report.To:d MMM yyyy}";

        var body = new BodyBuilder
        {
            TextBody = $"""
                Your scheduled {title.ToLowerInvariant()} is attached.

                Period: {report.From:d MMM yyyy} to {report.To:d MMM yyyy} ({report.PeriodKey}), compared with {report.CompareFrom:d MMM yyyy} to {report.CompareTo:d MMM yyyy}.
                Schedule: {ReportScheduleService.Describe(schedule)}.

                Sent by Work Pipelines.
                """,
        };
        foreach (var format in AttachedFormats)
        {
            var (result, file) = await reports.RenderAsync(report.Id, format, cancellationToken);
            if (!result.Succeeded) throw new InvalidOperationException($"could not render {format}: {result.Message}");
            body.Attachments.Add(file!.FileName, file.Content, ContentType.Parse(file.ContentType));
        }
        message.Body = body.ToMessageBody();
        return message;
    }
}
