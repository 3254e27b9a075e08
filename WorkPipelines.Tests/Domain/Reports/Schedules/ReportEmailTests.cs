using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MimeKit;
using netDumbster.smtp;
using WorkPipelines.Domain.Reports;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Reports.Schedules;

/// <summary>The app with SMTP settings pointing at an in-process fake SMTP server on loopback.</summary>
public sealed class SmtpAppFactory : WorkAppFactory
{
    private readonly int _port;

    public SmtpAppFactory()
    {
        Smtp = Configuration.Configure().WithAddress(System.Net.IPAddress.Loopback).WithRandomPort().Build();
        _port = Smtp.Configuration.Port;
    }

    public SimpleSmtpServer Smtp { get; private set; }

    /// <summary>Stops the mail server (to see delivery fail) and starts it again on the same port when disposed.</summary>
    public IDisposable SmtpDown()
    {
        Smtp.Stop();
        return new Restart(this);
    }

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = _port.ToString(),
        ["Smtp:From"] = "Work Pipelines <reports@example.test>",
        ["Smtp:UseTls"] = "false",
    };

    public override async ValueTask DisposeAsync()
    {
        Smtp.Dispose();
        await base.DisposeAsync();
    }

    private sealed class Restart(SmtpAppFactory app) : IDisposable
    {
        public void Dispose() => app.Smtp = Configuration.Configure().WithAddress(System.Net.IPAddress.Loopback).WithPort(app._port).Build();
    }
}

[CollectionDefinition(Name)]
public sealed class SmtpAppCollection : ICollectionFixture<SmtpAppFactory>
{
    public const string Name = "app with smtp";
}

[Collection(SmtpAppCollection.Name)]
public sealed class ReportEmailTests(SmtpAppFactory app)
{
    [Fact]
    public async Task Recipients_get_the_scheduled_report_with_the_workbook_attached()
    {
        var admin = await ApiUser.RegisterAsync(app, "mailer");
        var schedule = await admin.CreateScheduleAsync(new
        {
            type = "Executive", period = "7d", cadence = "weekly", day = "monday", time = "08:00",
            recipients = new[] { "ana@example.com", "ben@example.org" },
        });

        await app.TickAsync(schedule.NextDueUtc!.Value);
        var report = await admin.WaitForReportAsync(Assert.Single(await admin.ReportsAsync()).Id);
        var received = app.Smtp.ReceivedEmail.Where(m => m.ToAddresses.Any(a => a.Address == "ana@example.com")).ToList();
        var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Assert.Single(received).Data)));
        var after = Assert.Single(await admin.SchedulesAsync());

        Assert.Equal(ReportStatus.Ready, report.Report.Status);
        Assert.Equal(["ana@example.com", "ben@example.org"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("reports@example.test", message.From.Mailboxes.Single().Address);
        Assert.StartsWith("Executive summary, ", message.Subject);
        Assert.Contains("Every Monday at 08:00", message.TextBody);
        var files = message.Attachments.Cast<MimePart>().ToList();
        var name = $"executive-{report.Report.From:yyyyMMdd}-{report.Report.To:yyyyMMdd}";
        Assert.Equal([name + ".pdf", name + ".xlsx"], files.Select(f => f.FileName));
        using var pdf = new MemoryStream();
        await files[0].Content!.DecodeToAsync(pdf);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf.ToArray()[..4]));
        var attachment = files[1];
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        content.Position = 0;
        using var workbook = SpreadsheetDocument.Open(content, false);
        Assert.Equal("Overview", workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().First().Name!.Value);
        Assert.NotNull(after.LastDeliveredAt);
        Assert.Null(after.LastDeliveryError);
    }

    [Fact]
    public async Task A_failed_delivery_is_recorded_on_the_schedule_and_the_report_stays_ready()
    {
        var admin = await ApiUser.RegisterAsync(app, "bounce");
        var schedule = await admin.CreateScheduleAsync(new
        {
            type = "Support", period = "30d", cadence = "monthly", day = "1", time = "09:00", recipients = new[] { "ops@example.com" },
        });

        ReportDetail report;
        using (app.SmtpDown())
        {
            await app.TickAsync(schedule.NextDueUtc!.Value);
            report = await admin.WaitForReportAsync(Assert.Single(await admin.ReportsAsync()).Id);
        }
        var after = Assert.Single(await admin.SchedulesAsync());

        Assert.Equal(ReportStatus.Ready, report.Report.Status);
        Assert.StartsWith("Email to ops@example.com failed: ", after.LastDeliveryError);
        Assert.Null(after.LastDeliveredAt);
    }
}
