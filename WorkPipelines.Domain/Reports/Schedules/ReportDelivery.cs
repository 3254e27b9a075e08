using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Reports.Builders;

namespace WorkPipelines.Domain.Reports.Schedules;

/// <summary>
/// Emails a Ready scheduled report to its schedule's recipients with the rendered files attached.
/// Never fails the report: a delivery problem is logged, written to the run's log and recorded on the schedule.
/// </summary>
public sealed class ReportDelivery(WorkDbContext db, ReportService reports, IOptions<SmtpOptions> options, TimeProvider time, ILogger<ReportDelivery> logger)
{
    /// <summary>The files attached to the email, rendered through <see cref="ReportService.RenderAsync"/>.</summary>
    public static readonly string[] AttachedFormats = ["pdf", "xlsx"];

    public async Task DeliverAsync(Report report, Guid scheduleId, PipelineContext context, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (!smtp.IsConfigured) return;
        var schedule = await db.Set<ReportSchedule>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == scheduleId, cancellationToken);
        if (schedule is null || schedule.Recipients.Count == 0) return;

        string? error = null;
        try
        {
            var message = await ComposeAsync(report, schedule, smtp, cancellationToken);
            using var client = new SmtpClient();
            var security = !smtp.UseTls ? SecureSocketOptions.None : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
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

    private async Task<MimeMessage> ComposeAsync(Report report, ReportSchedule schedule, SmtpOptions smtp, CancellationToken cancellationToken)
    {
        var title = ReportBuilders.TitleOf(report.Type);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From!));
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
