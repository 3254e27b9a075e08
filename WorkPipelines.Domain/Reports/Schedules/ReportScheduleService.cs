using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Activity;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Mail;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Reports.Builders;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Reports.Schedules;

/// <summary>Lists, creates, changes and deletes report schedules; changes are for admins. Checks role and workspace itself.</summary>
public sealed class ReportScheduleService(WorkDbContext db, CurrentWorkspace workspace, ActivityLog activity, IOptions<SmtpOptions> smtp, TimeProvider time)
{
    public const string AdminOnly = "Only workspace admins can change report schedules.";
    public const int MaxRecipients = 20;

    /// <summary>Rolling periods only: a fixed custom range would give the same report every time.</summary>
    public static IReadOnlyList<string> PeriodKeys => Period.ReportKeys.Where(k => k != "custom").ToList();

    /// <summary>Whether this server can email reports (SMTP settings exist).</summary>
    public bool CanEmail => smtp.Value.IsConfigured;

    public async Task<IReadOnlyList<ReportScheduleView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var zone = await ZoneNameAsync(cancellationToken);
        var schedules = await db.Set<ReportSchedule>().AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        return schedules.Select(s => View(s, zone)).ToList();
    }

    public async Task<(WorkResult Result, ReportScheduleView? Schedule)> CreateAsync(ReportScheduleInput input, CancellationToken cancellationToken = default)
    {
        if (!workspace.IsAdmin) return (WorkResult.Forbidden(AdminOnly), null);
        var schedule = new ReportSchedule
        {
            WorkspaceId = workspace.WorkspaceId,
            PeriodKey = "",
            CreatedByUserId = workspace.UserId,
            CreatedAt = time.GetUtcNow(),
        };
        var problem = Apply(schedule, input);
        if (problem is not null) return (WorkResult.Invalid(problem), null);

        var zone = await ZoneNameAsync(cancellationToken);
        Reschedule(schedule, zone);
        db.Add(schedule);
        await activity.RecordAsync("report_schedule.created", $"{schedule.Type} {Describe(schedule)}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (WorkResult.Ok, View(schedule, zone));
    }

    public async Task<(WorkResult Result, ReportScheduleView? Schedule)> UpdateAsync(Guid id, ReportScheduleInput input, CancellationToken cancellationToken = default)
    {
        var schedule = await db.Set<ReportSchedule>().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (schedule is null) return (NotFound(id), null);
        if (!workspace.IsAdmin) return (WorkResult.Forbidden(AdminOnly), null);
        if (Apply(schedule, input) is { } problem) return (WorkResult.Invalid(problem), null);

        var zone = await ZoneNameAsync(cancellationToken);
        Reschedule(schedule, zone);
        await activity.RecordAsync("report_schedule.changed", $"{schedule.Type} {Describe(schedule)}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (WorkResult.Ok, View(schedule, zone));
    }

    /// <summary>Turns a schedule on or off without touching the rest (the list's switch).</summary>
    public async Task<WorkResult> SetEnabledAsync(Guid id, bool enabled, CancellationToken cancellationToken = default)
    {
        var schedule = await db.Set<ReportSchedule>().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (schedule is null) return NotFound(id);
        if (!workspace.IsAdmin) return WorkResult.Forbidden(AdminOnly);
        schedule.Enabled = enabled;
        Reschedule(schedule, await ZoneNameAsync(cancellationToken));
        await activity.RecordAsync(enabled ? "report_schedule.enabled" : "report_schedule.disabled", schedule.Id.ToString(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return WorkResult.Ok;
    }

    public async Task<WorkResult> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        if (!await db.Set<ReportSchedule>().AnyAsync(s => s.Id == id, cancellationToken)) return NotFound(id);
        if (!workspace.IsAdmin) return WorkResult.Forbidden(AdminOnly);
        await db.Set<ReportSchedule>().Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
        await activity.RecordAsync("report_schedule.deleted", id.ToString(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return WorkResult.Ok;
    }

    /// <summary>Validates <paramref name="input"/> and copies it onto <paramref name="schedule"/>; returns the problem, or null.</summary>
    internal static string? Apply(ReportSchedule schedule, ReportScheduleInput input)
    {
        var type = Enum.GetNames<ReportType>().FirstOrDefault(n => string.Equals(n, input.Type?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (type is null) return $"unknown report type '{input.Type}'; valid: {ReportService.TypeNames}";
        var period = input.Period?.Trim().ToLowerInvariant();
        if (period is null || !PeriodKeys.Contains(period)) return $"unknown period '{input.Period}'; valid: {string.Join(", ", PeriodKeys)}";
        if (Named<ReportCadence>(input.Cadence) is not { } cadence) return $"unknown cadence '{input.Cadence}'; valid: weekly, monthly";

        var day = input.Day?.Trim().ToLowerInvariant();
        DayOfWeek? weekday = null;
        int? monthDay = null;
        if (cadence == ReportCadence.Weekly)
        {
            if (Named<DayOfWeek>(day) is not { } parsed)
                return $"unknown day '{input.Day}' for a weekly schedule; valid: monday, tuesday, wednesday, thursday, friday, saturday, sunday";
            weekday = parsed;
        }
        else if (day == "last") monthDay = ReportSchedule.LastDayOfMonth;
        else if (int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 28) monthDay = n;
        else return $"day '{input.Day}' is out of range for a monthly schedule; valid: 1 to 28, or last";

        if (!TimeOnly.TryParseExact(input.Time?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var timeOfDay))
            return $"bad time '{input.Time}'; use HH:mm (24-hour), e.g. 08:00";

        List<string> recipients = [];
        foreach (var raw in input.Recipients ?? [])
        {
            var address = raw?.Trim() ?? "";
            if (!IsEmail(address)) return $"'{raw}' is not an email address; use name@example.com";
            if (!recipients.Contains(address, StringComparer.OrdinalIgnoreCase)) recipients.Add(address);
        }
        if (recipients.Count > MaxRecipients) return $"at most {MaxRecipients} recipients";

        schedule.Type = Enum.Parse<ReportType>(type);
        schedule.PeriodKey = period;
        schedule.Cadence = cadence;
        schedule.DayOfWeek = weekday;
        schedule.DayOfMonth = monthDay;
        schedule.TimeOfDay = timeOfDay;
        schedule.Enabled = input.Enabled ?? schedule.Enabled;
        schedule.Recipients = recipients;
        return null;
    }

    private static T? Named<T>(string? name) where T : struct, Enum =>
        Enum.GetValues<T>().Where(v => string.Equals(v.ToString(), name?.Trim(), StringComparison.OrdinalIgnoreCase)).Select(v => (T?)v).FirstOrDefault();

    public static bool IsEmail(string address) =>
        address.Length is > 0 and <= 254
        && System.Net.Mail.MailAddress.TryCreate(address, out var parsed)
        && parsed.Address == address && parsed.DisplayName.Length == 0
        && parsed.Host.Contains('.') && !address.Any(char.IsWhiteSpace);

    /// <summary>"Every Monday at 08:00" / "Every month on the 1st at 07:30" / "Every month on the last day at 18:00".</summary>
    public static string Describe(ReportSchedule s) => Describe(s.Cadence, s.DayOfWeek, s.DayOfMonth, s.TimeOfDay);

    public static string Describe(ReportCadence cadence, DayOfWeek? dayOfWeek, int? dayOfMonth, TimeOnly timeOfDay) => cadence == ReportCadence.Weekly
        ? $"Every {dayOfWeek} at {timeOfDay:HH:mm}"
        : dayOfMonth == ReportSchedule.LastDayOfMonth
            ? $"Every month on the last day at {timeOfDay:HH:mm}"
            : $"Every month on the {Ordinal(dayOfMonth ?? 1)} at {timeOfDay:HH:mm}";

    private static string Ordinal(int n) => n + (n is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    /// <summary>The day as the API writes it: a weekday name, 1–28, or "last".</summary>
    public static string DayText(ReportSchedule s) => s.Cadence == ReportCadence.Weekly
        ? s.DayOfWeek!.Value.ToString().ToLowerInvariant()
        : s.DayOfMonth == ReportSchedule.LastDayOfMonth ? "last" : s.DayOfMonth!.Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Recomputes the next run of the current workspace's enabled schedules for a new time zone; the caller saves.</summary>
    internal static async Task RescheduleAllAsync(WorkDbContext db, string timeZone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zone = ScheduleClock.Zone(timeZone);
        foreach (var schedule in await db.Set<ReportSchedule>().Where(s => s.Enabled).ToListAsync(cancellationToken))
            schedule.NextDueUtc = ScheduleClock.NextAfter(schedule, zone, now);
    }

    private void Reschedule(ReportSchedule schedule, string zone) =>
        schedule.NextDueUtc = schedule.Enabled ? ScheduleClock.NextAfter(schedule, ScheduleClock.Zone(zone), time.GetUtcNow()) : null;

    /// <summary>The workspace's IANA time zone, in which schedule times are meant.</summary>
    public async Task<string> ZoneNameAsync(CancellationToken cancellationToken = default) =>
        await db.Workspaces.Where(w => w.Id == workspace.WorkspaceId).Select(w => w.TimeZone).FirstOrDefaultAsync(cancellationToken) ?? "UTC";

    private static WorkResult NotFound(Guid id) => WorkResult.NotFound($"No report schedule {id} in this workspace.");

    private static ReportScheduleView View(ReportSchedule s, string zone) => new(s.Id, s.Type, ReportBuilders.TitleOf(s.Type), s.PeriodKey,
        s.Cadence, DayText(s), s.TimeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture), s.Enabled, s.Recipients, s.CreatedByUserId, zone,
        s.NextDueUtc, s.NextDueUtc is { } due ? TimeZoneInfo.ConvertTime(due, ScheduleClock.Zone(zone)).DateTime : null,
        s.LastRunUtc, s.LastReportId, s.LastDeliveredAt, s.LastDeliveryError, Describe(s));
}
