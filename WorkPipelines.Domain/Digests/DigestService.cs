using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Alerts;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Outbound;
using WorkPipelines.Domain.Reports.Schedules;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Digests;

/// <summary>The settings of one's own digest as written: cadence daily | weekly, hour 0-23 (local), dayOfWeek for weekly, metric keys.</summary>
public sealed record DigestInput(string? Cadence, int? Hour, string? DayOfWeek = null, IReadOnlyList<string>? Metrics = null, bool? ByEmail = null, string? SlackWebhookUrl = null);

/// <summary>One's digest: its settings, when it is due next, and how the last one went.</summary>
public sealed record DigestView(DigestCadence Cadence, int Hour, DayOfWeek DayOfWeek, IReadOnlyList<string> Metrics, bool ByEmail, string? SlackWebhookUrl,
    DateTimeOffset NextDueUtc, DateTimeOffset? LastSentAt, string? LastError, string Schedule);

/// <summary>
/// Each member's own digest in the current workspace (any member, for themselves only): read, set, stop, and preview what it
/// would say now. The hour is local to the workspace's time zone.
/// </summary>
public sealed class DigestService(WorkDbContext db, CurrentWorkspace workspace, DigestComposer composer, IOptions<AlertOptions> alerts, TimeProvider time)
{
    public const int MaxMetrics = 8;

    private IQueryable<Digest> Mine => db.Set<Digest>().Where(d => d.UserId == workspace.UserId);

    public async Task<DigestView?> GetAsync(CancellationToken cancellationToken = default) =>
        await Mine.AsNoTracking().SingleOrDefaultAsync(cancellationToken) is { } digest ? View(digest) : null;

    public async Task<(WorkResult Result, DigestView? Digest)> SaveAsync(DigestInput input, CancellationToken cancellationToken = default)
    {
        if (workspace.UserId is null) return (WorkResult.Forbidden("sign in to have a digest"), null);
        var digest = await Mine.SingleOrDefaultAsync(cancellationToken);
        var isNew = digest is null;
        digest ??= new Digest { WorkspaceId = workspace.WorkspaceId, UserId = workspace.UserId };
        if (Apply(digest, input) is { } problem) return (WorkResult.Invalid(problem), null);
        var zone = await db.Workspaces.Where(w => w.Id == workspace.WorkspaceId).Select(w => w.TimeZone).SingleAsync(cancellationToken);
        digest.NextDueUtc = DigestClock.NextAfter(digest.Cadence, digest.DayOfWeek, digest.Hour, ScheduleClock.Zone(zone), time.GetUtcNow());
        if (isNew) db.Add(digest);
        await db.SaveChangesAsync(cancellationToken);
        return (WorkResult.Ok, View(digest));
    }

    public async Task<WorkResult> DeleteAsync(CancellationToken cancellationToken = default) =>
        await Mine.ExecuteDeleteAsync(cancellationToken) > 0 ? WorkResult.Ok : WorkResult.NotFound("you have no digest in this workspace");

    /// <summary>What one's digest (or, without one, the default weekly digest) would say if it were sent now.</summary>
    public async Task<DigestContent> PreviewAsync(CancellationToken cancellationToken = default)
    {
        var digest = await Mine.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new Digest { UserId = workspace.UserId ?? "" };
        var settings = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspace.WorkspaceId).Select(w => new { w.Name, w.TimeZone, w.Currency }).SingleAsync(cancellationToken);
        return await composer.ComposeAsync(digest, settings.Name, settings.Currency, Period.Today(time.GetUtcNow(), settings.TimeZone), alerts.Value.AppUrl, cancellationToken);
    }

    internal static string? Apply(Digest digest, DigestInput input)
    {
        if (!Enum.TryParse<DigestCadence>(input.Cadence?.Trim(), true, out var cadence) || !Enum.IsDefined(cadence) || int.TryParse(input.Cadence, out _))
            return $"unknown cadence '{input.Cadence}'; valid: daily, weekly";
        if (input.Hour is not { } hour || hour is < 0 or > 23) return $"hour is {input.Hour?.ToString() ?? "missing"}; give the local hour to send at, 0 to 23";
        var day = DayOfWeek.Monday;
        if (cadence == DigestCadence.Weekly && !string.IsNullOrWhiteSpace(input.DayOfWeek)
            && (!Enum.TryParse(input.DayOfWeek.Trim(), true, out day) || !Enum.IsDefined(day) || int.TryParse(input.DayOfWeek, out _)))
            return $"unknown dayOfWeek '{input.DayOfWeek}'; valid: monday, tuesday, wednesday, thursday, friday, saturday, sunday";
        var metrics = (input.Metrics ?? []).Select(m => m.Trim()).Where(m => m.Length > 0).ToList();
        if (metrics.FirstOrDefault(m => MetricCatalogue.Find(m) is null) is { } unknown) return $"unknown metric '{unknown}'; valid: {MetricCatalogue.Keys}";
        metrics = [.. metrics.Select(m => MetricCatalogue.Find(m)!.Key).Distinct()];
        if (metrics.Count > MaxMetrics) return $"{metrics.Count} metrics; a digest shows at most {MaxMetrics}";
        string? slack = null;
        if (!string.IsNullOrWhiteSpace(input.SlackWebhookUrl))
        {
            var (url, problem) = UrlGuard.Parse(input.SlackWebhookUrl);
            if (problem is not null) return $"slackWebhookUrl: {problem}";
            slack = url!.ToString();
        }
        var byEmail = input.ByEmail ?? true;
        if (!byEmail && slack is null) return "the digest would go nowhere; keep email on or give a Slack webhook";

        (digest.Cadence, digest.Hour, digest.DayOfWeek, digest.Metrics, digest.ByEmail, digest.SlackWebhookUrl) = (cadence, hour, day, metrics, byEmail, slack);
        return null;
    }

    private static DigestView View(Digest d) => new(d.Cadence, d.Hour, d.DayOfWeek, d.Metrics, d.ByEmail, d.SlackWebhookUrl, d.NextDueUtc, d.LastSentAt, d.LastError,
        d.Cadence == DigestCadence.Daily ? $"Every day at {d.Hour:00}:00" : $"Every {d.DayOfWeek} at {d.Hour:00}:00");
}
