using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.Reports.Builders;

/// <summary>Runs per kind with their outcomes, and how fresh each connection's data is.</summary>
public static class PipelineHealthReport
{
    public static IReadOnlyList<ReportStep> Steps { get; } = [new("Runs", RunsAsync), new("Connections", ConnectionsAsync)];

    private static async Task<ReportSection?> RunsAsync(ReportSources sources, CancellationToken ct)
    {
        // Whole UTC days: runs are stamped in UTC and a day either side of the workspace zone does not change the picture.
        var start = new DateTimeOffset(sources.Period.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(sources.Period.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var runs = await sources.Db.PipelineRuns.AsNoTracking().Where(r => r.CreatedAt >= start && r.CreatedAt < end)
            .Select(r => new { r.Kind, r.Status }).ToListAsync(ct);
        if (runs.Count == 0) return ReportSection.Empty("Runs", "No runs in this period.");

        var rows = runs.GroupBy(r => r.Kind).OrderBy(g => g.Key).Select(g =>
        {
            int Count(PipelineRunStatus s) => g.Count(r => r.Status == s);
            var finished = Count(PipelineRunStatus.Succeeded) + Count(PipelineRunStatus.Failed);
            return (IReadOnlyList<string?>)[g.Key, Cells.Number(g.Count()), Cells.Number(Count(PipelineRunStatus.Succeeded)),
                Cells.Number(Count(PipelineRunStatus.Failed)), Cells.Number(Count(PipelineRunStatus.Cancelled)),
                Cells.Number(finished == 0 ? null : (double)Count(PipelineRunStatus.Succeeded) / finished)];
        }).ToList();
        var succeeded = runs.Count(r => r.Status == PipelineRunStatus.Succeeded);
        var failed = runs.Count(r => r.Status == PipelineRunStatus.Failed);
        return new ReportSection("Runs",
            [
                new("runs", "Runs", ValueFormat.Number, runs.Count, null, null, true),
                new("failed", "Failed", ValueFormat.Number, failed, null, null, false),
                new("success_rate", "Success rate", ValueFormat.Percent, succeeded + failed == 0 ? null : (double)succeeded / (succeeded + failed), null, null, true),
            ],
            [new ReportTable("Runs per kind",
                [new("Kind", ValueFormat.Text), new("Runs", ValueFormat.Number), new("Succeeded", ValueFormat.Number),
                 new("Failed", ValueFormat.Number), new("Cancelled", ValueFormat.Number), new("Success rate", ValueFormat.Percent)], rows)],
            []);
    }

    private static async Task<ReportSection?> ConnectionsAsync(ReportSources sources, CancellationToken ct)
    {
        var connections = await sources.Db.Connections.AsNoTracking().OrderBy(c => c.Provider)
            .Select(c => new { c.Provider, c.Status, c.Paused, c.LastSuccessAt }).ToListAsync(ct);
        if (connections.Count == 0) return ReportSection.Empty("Connections", "No source is connected.");
        var periodEnd = sources.Period.To;
        return new ReportSection("Connections", [],
            [new ReportTable("Freshness",
                [new("Source", ValueFormat.Text), new("Status", ValueFormat.Text), new("Paused", ValueFormat.Text),
                 new("Last success", ValueFormat.Date), new("Days since success", ValueFormat.Number)],
                connections.Select(c =>
                {
                    var last = c.LastSuccessAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : (DateOnly?)null;
                    return (IReadOnlyList<string?>)[c.Provider, c.Status.ToString(), c.Paused ? "yes" : "no",
                        last is { } d ? Cells.Date(d) : null, Cells.Number(last is { } l ? Math.Max(0, periodEnd.DayNumber - l.DayNumber) : null)];
                }).ToList())],
            []);
    }
}
