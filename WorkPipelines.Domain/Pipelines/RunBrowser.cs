using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Pipelines;

/// <summary>Filters for the runs list; all optional.</summary>
public sealed record RunFilter(
    PipelineRunStatus? Status = null,
    string? Kind = null,
    PipelineTrigger? Trigger = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Text = null,
    string? ConcurrencyKey = null);

public sealed record RunSummary(
    Guid Id, string Kind, string Title, PipelineRunStatus Status, PipelineTrigger Trigger, int Attempt, int MaxAttempts,
    int ProgressPercent, string? ProgressMessage, string? ErrorMessage, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt, string? RequestedBy)
{
    public TimeSpan? Duration => StartedAt is { } started && FinishedAt is { } finished ? finished - started : null;
}

public sealed record RunPage(IReadOnlyList<RunSummary> Items, int Total, int Page, int PageSize);

public sealed record RunLogLine(int Attempt, int Sequence, DateTimeOffset At, string Line);

public sealed record RunDetail(RunSummary Run, string PayloadJson, string? ConcurrencyKey, PipelineErrorKind ErrorKind,
    DateTimeOffset NextAttemptAt, bool CancelRequested, IReadOnlyList<RunLogLine> Log);

/// <summary>Runs of one hour by how they ended, with that hour's duration percentiles in seconds.</summary>
public sealed record RunHour(DateTimeOffset Hour, int Succeeded, int Failed, int Cancelled, double? P50Seconds, double? P95Seconds);

/// <summary>The read side of runs for the current workspace: list, detail, hourly stats.</summary>
public sealed class RunBrowser(WorkDbContext db, PipelineKinds kinds, TimeProvider time)
{
    public const int MaxPageSize = 200;

    public async Task<RunPage> SearchAsync(RunFilter filter, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        var runs = db.PipelineRuns.AsNoTracking();
        if (filter.Status is { } status) runs = runs.Where(r => r.Status == status);
        if (filter.Kind is { Length: > 0 } kind) runs = runs.Where(r => r.Kind == kind);
        if (filter.Trigger is { } trigger) runs = runs.Where(r => r.Trigger == trigger);
        if (filter.ConcurrencyKey is { } key) runs = runs.Where(r => r.ConcurrencyKey == key);
        if (filter.From is { } from) runs = runs.Where(r => r.CreatedAt >= from);
        if (filter.To is { } to) runs = runs.Where(r => r.CreatedAt < to);
        if (Guid.TryParse(filter.Text, out var id))
        {
            runs = runs.Where(r => r.Id == id);
        }
        else if (filter.Text is { Length: > 0 } text)
        {
            var pattern = $"%{text.Replace("%", "").Replace("_", "")}%";
            // SQLite's LIKE ignores ASCII case, PostgreSQL's does not: ILIKE there.
            runs = db.IsPostgres
                ? runs.Where(r => EF.Functions.ILike(r.Kind, pattern) || EF.Functions.ILike(r.ErrorMessage!, pattern) || EF.Functions.ILike(r.ProgressMessage!, pattern))
                : runs.Where(r => EF.Functions.Like(r.Kind, pattern) || EF.Functions.Like(r.ErrorMessage!, pattern) || EF.Functions.Like(r.ProgressMessage!, pattern));
        }

        var total = await runs.CountAsync(cancellationToken);
        var items = await Project(runs.OrderByDescending(r => r.CreatedAt).Skip((page - 1) * pageSize).Take(pageSize))
            .ToListAsync(cancellationToken);
        return new RunPage(items.Select(Titled).ToList(), total, page, pageSize);
    }

    public async Task<RunDetail?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        // One read for the run, so a run finishing meanwhile cannot mix two states.
        var run = await db.PipelineRuns.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new
            {
                Row = new RunRow(new RunSummary(r.Id, r.Kind, r.Kind, r.Status, r.Trigger, r.Attempt, r.MaxAttempts, r.ProgressPercent,
                    r.ProgressMessage, r.ErrorMessage, r.CreatedAt, r.StartedAt, r.FinishedAt,
                    db.Users.Where(u => u.Id == r.RequestedByUserId).Select(u => u.DisplayName ?? u.Email).FirstOrDefault()), r.PayloadJson),
                r.ConcurrencyKey, r.ErrorKind, r.NextAttemptAt, r.CancelRequested,
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (run is null) return null;
        var log = await db.PipelineRunLogs.AsNoTracking().Where(l => l.RunId == id).OrderBy(l => l.Sequence)
            .Select(l => new RunLogLine(l.Attempt, l.Sequence, l.At, l.Line)).ToListAsync(cancellationToken);
        return new RunDetail(Titled(run.Row), run.Row.PayloadJson, run.ConcurrencyKey, run.ErrorKind, run.NextAttemptAt, run.CancelRequested, log);
    }

    /// <summary>Finished runs per hour over the last <paramref name="hours"/> hours, oldest first, every hour present.</summary>
    public async Task<IReadOnlyList<RunHour>> HourlyAsync(int hours = 24, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var firstHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1 - hours);
        var finished = await db.PipelineRuns.AsNoTracking()
            .Where(r => r.FinishedAt >= firstHour)
            .Select(r => new { r.Status, r.StartedAt, FinishedAt = r.FinishedAt!.Value })
            .ToListAsync(cancellationToken);

        return Enumerable.Range(0, hours).Select(i =>
        {
            var hour = firstHour.AddHours(i);
            var inHour = finished.Where(r => r.FinishedAt >= hour && r.FinishedAt < hour.AddHours(1)).ToList();
            var durations = inHour.Where(r => r.StartedAt is not null).Select(r => (r.FinishedAt - r.StartedAt!.Value).TotalSeconds).Order().ToList();
            return new RunHour(hour,
                inHour.Count(r => r.Status == PipelineRunStatus.Succeeded),
                inHour.Count(r => r.Status == PipelineRunStatus.Failed),
                inHour.Count(r => r.Status == PipelineRunStatus.Cancelled),
                Percentile(durations, 0.50), Percentile(durations, 0.95));
        }).ToList();
    }

    /// <summary>Nearest-rank percentile of sorted values; null when there are none.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private sealed record RunRow(RunSummary Summary, string PayloadJson);

    private IQueryable<RunRow> Project(IQueryable<PipelineRun> runs) =>
        runs.Select(r => new RunRow(new RunSummary(r.Id, r.Kind, r.Kind, r.Status, r.Trigger, r.Attempt, r.MaxAttempts, r.ProgressPercent,
            r.ProgressMessage, r.ErrorMessage, r.CreatedAt, r.StartedAt, r.FinishedAt,
            db.Users.Where(u => u.Id == r.RequestedByUserId).Select(u => u.DisplayName ?? u.Email).FirstOrDefault()), r.PayloadJson));

    private RunSummary Titled(RunRow row) => row.Summary with { Title = kinds.TitleFor(row.Summary.Kind, row.PayloadJson) };
}
