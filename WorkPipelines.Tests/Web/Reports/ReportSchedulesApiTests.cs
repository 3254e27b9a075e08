using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Reports;
using WorkPipelines.Domain.Reports.Schedules;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Reports;

[Collection(AppCollection.Name)]
public class ReportSchedulesApiTests(WorkAppFactory app)
{
    [Fact]
    public async Task A_weekly_schedule_produces_exactly_one_ready_report_at_its_time_and_not_before()
    {
        var admin = await ApiUser.RegisterAsync(app, "weekly");
        var me = await admin.MeAsync();
        var schedule = await admin.CreateScheduleAsync(new { type = "Support", period = "7d", cadence = "weekly", day = "wednesday", time = "07:45" });
        var due = schedule.NextDueUtc!.Value;

        await app.TickAsync(due.AddMinutes(-1));
        var before = await admin.ReportsAsync();
        await app.TickAsync(due);
        await app.TickAsync(due.AddSeconds(30));
        var reports = await admin.ReportsAsync();
        var report = await admin.WaitForReportAsync(Assert.Single(reports).Id);
        var after = Assert.Single(await admin.SchedulesAsync());
        var run = await app.InWorkspaceAsync(admin, db => db.PipelineRuns.SingleAsync(r => r.Id == report.Report.RunId));
        var notified = await app.InWorkspaceAsync(admin, db => db.Notifications.AnyAsync(n => n.UserId == me.UserId && n.Title == "Report finished"));

        Assert.Empty(before);
        Assert.Equal(DayOfWeek.Wednesday, due.DayOfWeek);
        Assert.Equal(new TimeSpan(7, 45, 0), due.TimeOfDay);
        Assert.Equal(ReportStatus.Ready, report.Report.Status);
        Assert.Equal(ReportType.Support, report.Report.Type);
        Assert.Equal(DateOnly.FromDateTime(due.UtcDateTime), report.Report.To);
        Assert.Equal(me.UserId, report.Report.RequestedByUserId);
        Assert.Equal(PipelineTrigger.Schedule, run.Trigger);
        Assert.Equal(me.UserId, run.RequestedByUserId);
        Assert.True(notified, "the schedule's creator is notified when its report is done");
        Assert.Equal(due.AddDays(7), after.NextDueUtc);
        Assert.Equal(due, after.LastRunUtc);
        Assert.Equal(report.Report.Id, after.LastReportId);
    }

    [Fact]
    public async Task After_downtime_a_schedule_that_missed_several_slots_runs_once_then_waits_for_the_next_future_slot()
    {
        var admin = await ApiUser.RegisterAsync(app, "catchup");
        var schedule = await admin.CreateScheduleAsync(new { type = "PipelineHealth", period = "30d", cadence = "weekly", day = "monday", time = "06:00" });
        var now = schedule.NextDueUtc!.Value.AddDays(-2).AddHours(3); // some time between two slots
        // The app was down for three weeks: three slots were missed.
        await app.InWorkspaceAsync(admin, db => db.ReportSchedules.ExecuteUpdateAsync(s => s.SetProperty(x => x.NextDueUtc, schedule.NextDueUtc!.Value.AddDays(-21))));

        await app.TickAsync(now);
        await app.TickAsync(now.AddMinutes(1));
        await app.TickAsync(now.AddMinutes(2));
        var report = await admin.WaitForReportAsync(Assert.Single(await admin.ReportsAsync()).Id);
        var after = Assert.Single(await admin.SchedulesAsync());

        Assert.Equal(ReportStatus.Ready, report.Report.Status);
        Assert.Equal(schedule.NextDueUtc, after.NextDueUtc);
        Assert.True(after.NextDueUtc > now);
    }

    [Fact]
    public async Task Concurrent_ticks_start_one_report()
    {
        var admin = await ApiUser.RegisterAsync(app, "race");
        var schedule = await admin.CreateScheduleAsync(new { type = "Revenue", period = "mtd", cadence = "monthly", day = "last", time = "23:30" });
        var due = schedule.NextDueUtc!.Value;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => app.TickAsync(due))));
        var reports = await admin.ReportsAsync();
        var runs = await app.InWorkspaceAsync(admin, db => db.PipelineRuns.CountAsync(r => r.Kind == GenerateReport.KindName));
        var after = Assert.Single(await admin.SchedulesAsync());

        Assert.Single(reports);
        Assert.Equal(1, runs);
        Assert.True(after.NextDueUtc > due);
        Assert.Equal(reports[0].Id, after.LastReportId);
    }

    [Fact]
    public async Task Without_smtp_settings_a_scheduled_report_is_only_stored_and_nothing_is_sent()
    {
        var admin = await ApiUser.RegisterAsync(app, "nosmtp");
        var schedule = await admin.CreateScheduleAsync(new { type = "Executive", period = "7d", cadence = "weekly", day = "friday", time = "17:00", recipients = new[] { "boss@example.com" } });

        await app.TickAsync(schedule.NextDueUtc!.Value);
        var report = await admin.WaitForReportAsync(Assert.Single(await admin.ReportsAsync()).Id);
        var log = await app.InWorkspaceAsync(admin, db => db.PipelineRunLogs.Where(l => l.RunId == report.Report.RunId).Select(l => l.Line).ToListAsync());
        var after = Assert.Single(await admin.SchedulesAsync());

        Assert.Equal(ReportStatus.Ready, report.Report.Status);
        Assert.DoesNotContain(log, l => l.Contains("mail", StringComparison.OrdinalIgnoreCase));
        Assert.Null(after.LastDeliveredAt);
        Assert.Null(after.LastDeliveryError);
        Assert.Equal(["boss@example.com"], after.Recipients);
    }

    [Fact]
    public async Task Times_are_in_the_workspace_zone_and_changes_recompute_the_next_run()
    {
        var admin = await ApiUser.RegisterAsync(app, "berlin");
        var settings = await admin.Client.PutAsJsonAsync("api/work/workspace", new { name = "Berlin team", timeZone = "Europe/Berlin", currency = "EUR" });
        Assert.Equal(HttpStatusCode.NoContent, settings.StatusCode);

        var created = await admin.CreateScheduleAsync(new { type = "Marketing", period = "30d", cadence = "Weekly", day = "Monday", time = "08:00" });
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var changed = await admin.Client.PutAsJsonAsync($"api/work/reports/schedules/{created.Id}",
            new { type = "Marketing", period = "90d", cadence = "monthly", day = "last", time = "18:15", recipients = new[] { "a@example.com", "A@example.com", " b@example.org " } });
        var monthly = (await changed.Content.ReadFromJsonAsync<ReportScheduleView>(ApiUser.Json))!;
        var moved = await admin.Client.PutAsJsonAsync("api/work/workspace", new { name = "Berlin team", timeZone = "America/New_York", currency = "EUR" });
        var inNewYork = Assert.Single(await admin.SchedulesAsync());
        var disabled = await admin.Client.PutAsJsonAsync($"api/work/reports/schedules/{created.Id}",
            new { type = "Marketing", period = "90d", cadence = "monthly", day = "last", time = "18:15", enabled = false });
        var listed = Assert.Single(await admin.SchedulesAsync());

        Assert.Equal("Europe/Berlin", created.TimeZone);
        Assert.Equal(new TimeSpan(8, 0, 0), created.NextDueLocal!.Value.TimeOfDay);
        Assert.Equal(DayOfWeek.Monday, created.NextDueLocal.Value.DayOfWeek);
        Assert.Equal(TimeZoneInfo.ConvertTime(created.NextDueUtc!.Value, berlin).DateTime, created.NextDueLocal.Value);
        Assert.Equal("Every Monday at 08:00", created.Description);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var local = monthly.NextDueLocal!.Value;
        Assert.Equal(DateTime.DaysInMonth(local.Year, local.Month), local.Day);
        Assert.Equal(new TimeSpan(18, 15, 0), local.TimeOfDay);
        Assert.Equal(["a@example.com", "b@example.org"], monthly.Recipients);
        Assert.Equal("Every month on the last day at 18:15", monthly.Description);

        Assert.Equal(HttpStatusCode.NoContent, moved.StatusCode);
        Assert.Equal("America/New_York", inNewYork.TimeZone);
        Assert.Equal(new TimeSpan(18, 15, 0), inNewYork.NextDueLocal!.Value.TimeOfDay);
        Assert.Equal(TimeZoneInfo.ConvertTime(inNewYork.NextDueUtc!.Value, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).DateTime, inNewYork.NextDueLocal.Value);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.False(listed.Enabled);
        Assert.Null(listed.NextDueUtc);
    }

    [Theory]
    [InlineData("""{"type":"Weekly","period":"7d","cadence":"weekly","day":"monday","time":"08:00"}""", "unknown report type 'Weekly'; valid: Executive, Revenue, Marketing, Support, PipelineHealth")]
    [InlineData("""{"type":"Revenue","period":"custom","cadence":"weekly","day":"monday","time":"08:00"}""", "unknown period 'custom'; valid: 7d, 30d, 90d, 12m, mtd, lastmonth, quarter, lastquarter")]
    [InlineData("""{"type":"Revenue","period":"7d","cadence":"daily","day":"monday","time":"08:00"}""", "unknown cadence 'daily'; valid: weekly, monthly")]
    [InlineData("""{"type":"Revenue","period":"7d","cadence":"0","day":"monday","time":"08:00"}""", "unknown cadence '0'")]
    [InlineData("""{"type":"Revenue","period":"7d","cadence":"weekly","day":"funday","time":"08:00"}""", "unknown day 'funday' for a weekly schedule; valid: monday,")]
    [InlineData("""{"type":"Revenue","period":"7d","cadence":"weekly","day":"1","time":"08:00"}""", "unknown day '1' for a weekly schedule")]
    [InlineData("""{"type":"Revenue","period":"7d","cadence":"monthly","day":"29","time":"08:00"}""", "day '29' is out of range for a monthly schedule; valid: 1 to 28, or last")]
    [InlineData("""{"type":"Revenue","period":"7d","cadence":"monthly","day":"0","time":"08:00"}""", "day '0' is out of range")]
    [InlineData("""{"type":"Revenue","period":"7d","cadence":"monthly","day":"monday","time":"08:00"}""", "day 'monday' is out of range")]
    [InlineData("""{"type":"Revenue","period":"7d","cadence":"weekly","day":"monday","time":"25:00"}""", "bad time '25:00'; use HH:mm (24-hour)")]
    [InlineData("""{"type":"Revenue","period":"7d","cadence":"weekly","day":"monday","time":"8am"}""", "bad time '8am'")]
    [InlineData("""{"type":"Revenue","period":"7d","cadence":"weekly","day":"monday","time":"08:00","recipients":["ok@example.com","not-an-email"]}""", "'not-an-email' is not an email address")]
    [InlineData("""{"type":"Revenue","period":"7d","cadence":"weekly","day":"monday","time":"08:00","recipients":["Boss <boss@example.com>"]}""", "is not an email address")]
    public async Task Bad_schedules_get_a_problem_naming_what_is_valid_and_create_nothing(string body, string message)
    {
        var admin = await ApiUser.RegisterAsync(app, "badsched");

        var response = await admin.Client.PostAsync("api/work/reports/schedules", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Empty(await admin.SchedulesAsync());
    }

    [Fact]
    public async Task Another_workspaces_schedule_answers_404_and_members_get_403_for_changes()
    {
        var admin = await ApiUser.RegisterAsync(app, "schedowner");
        var member = await ApiUser.RegisterAsync(app, "schedclerk");
        var stranger = await ApiUser.RegisterAsync(app, "schedstranger");
        await admin.AddMemberAsync(member, WorkspaceRole.Member);
        await member.Client.PostAsync($"api/work/workspaces/{(await admin.MeAsync()).Workspace.WorkspaceId}/switch", null);
        var body = new { type = "Revenue", period = "30d", cadence = "weekly", day = "monday", time = "08:00" };
        var schedule = await admin.CreateScheduleAsync(body);

        var strangerPut = await stranger.Client.PutAsJsonAsync($"api/work/reports/schedules/{schedule.Id}", body);
        var strangerDelete = await stranger.Client.DeleteAsync($"api/work/reports/schedules/{schedule.Id}");
        var strangerList = await stranger.SchedulesAsync();
        var memberCreate = await member.Client.PostAsJsonAsync("api/work/reports/schedules", body);
        var memberPut = await member.Client.PutAsJsonAsync($"api/work/reports/schedules/{schedule.Id}", body with { time = "09:00" });
        var memberDelete = await member.Client.DeleteAsync($"api/work/reports/schedules/{schedule.Id}");
        var memberList = await member.SchedulesAsync();
        var missing = await admin.Client.DeleteAsync($"api/work/reports/schedules/{Guid.NewGuid()}");
        var adminDelete = await admin.Client.DeleteAsync($"api/work/reports/schedules/{schedule.Id}");

        Assert.All([strangerPut, strangerDelete, missing], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Empty(strangerList);
        Assert.All([memberCreate, memberPut, memberDelete], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Contains("Only workspace admins", await memberPut.Content.ReadAsStringAsync());
        Assert.Equal("08:00", Assert.Single(memberList).Time);
        Assert.Equal(HttpStatusCode.NoContent, adminDelete.StatusCode);
        Assert.Empty(await admin.SchedulesAsync());
    }
}
