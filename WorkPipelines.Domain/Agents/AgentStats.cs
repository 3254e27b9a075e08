using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.Sync;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.Agents;

/// <summary>One automated agent (a sync per provider, the self-test, the scheduler, …) over a period.</summary>
/// <param name="RecordsProcessed">Records the agent's syncs wrote; null for agents that write none (reports, brand analyses, the scheduler).</param>
/// <param name="StartsOthers">True for the scheduler: its runs are the scheduled runs of the other agents, counted there too.</param>
public sealed record AgentStats(
    string Key, string Name, int Runs, int Succeeded, int Failed, double? SuccessRate, double? P50Seconds, double? P95Seconds,
    DateTimeOffset? LastRunAt, PipelineRunStatus? LastStatus, long? RecordsProcessed, IReadOnlyList<int> RunsPerDay, bool StartsOthers = false);

public sealed record AgentsReport(Period Period, IReadOnlyList<string> Days, IReadOnlyList<AgentStats> Agents);

/// <summary>
/// The seed's "work agents": the pipeline kinds at work. Syncs count as one agent per provider; the
/// scheduler is an agent too, whose runs are the runs it started on schedule (so they also count with
/// the agent that executed them).
/// </summary>
public sealed class AgentStatsQuery(WorkDbContext db, PipelineKinds kinds)
{
    public async Task<AgentsReport> ForAsync(Period period, CancellationToken cancellationToken = default)
    {
        var from = new DateTimeOffset(period.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = new DateTimeOffset(period.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var runs = await db.PipelineRuns.AsNoTracking().Where(r => r.CreatedAt >= from && r.CreatedAt < to)
            .Select(r => new { r.Kind, r.PayloadJson, r.Trigger, r.Status, r.CreatedAt, r.StartedAt, r.FinishedAt })
            .ToListAsync(cancellationToken);
        var written = await db.SourceRecords.AsNoTracking().Where(r => r.SyncedAt >= from && r.SyncedAt < to)
            .Join(db.Connections, r => r.ConnectionId, c => c.Id, (r, c) => c.Provider)
            .GroupBy(p => p).Select(g => new { Provider = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(x => x.Provider, x => x.Count, cancellationToken);

        var days = Enumerable.Range(0, period.Days).Select(i => period.From.AddDays(i)).ToList();
        var agents = Catalogue().Select(agent =>
        {
            var mine = runs.Where(r => agent.Key == Scheduler ? r.Trigger == PipelineTrigger.Schedule : AgentOf(r.Kind, r.PayloadJson) == agent.Key).ToList();
            var finished = mine.Where(r => r.FinishedAt is not null && r.StartedAt is not null)
                .Select(r => (r.FinishedAt!.Value - r.StartedAt!.Value).TotalSeconds).Order().ToList();
            var succeeded = mine.Count(r => r.Status == PipelineRunStatus.Succeeded);
            var failed = mine.Count(r => r.Status == PipelineRunStatus.Failed);
            var last = mine.MaxBy(r => r.CreatedAt);
            return new AgentStats(agent.Key, agent.Name, mine.Count, succeeded, failed,
                succeeded + failed == 0 ? null : succeeded / (double)(succeeded + failed),
                RunBrowser.Percentile(finished, 0.50), RunBrowser.Percentile(finished, 0.95),
                last?.CreatedAt, last?.Status, agent.Provider is null ? null : written.GetValueOrDefault(agent.Provider),
                days.Select(d => mine.Count(r => DateOnly.FromDateTime(r.CreatedAt.UtcDateTime) == d)).ToList(), StartsOthers: agent.Key == Scheduler);
        }).ToList();
        return new AgentsReport(period, days.Select(d => d.ToString("yyyy-MM-dd")).ToList(), agents);
    }

    private sealed record Agent(string Key, string Name, string? Provider);

    public const string Scheduler = "scheduler";

    // Every agent is listed, even idle ones: an agent that did nothing is worth seeing.
    private IEnumerable<Agent> Catalogue() =>
        ProviderCatalog.All.Select(p => new Agent($"sync:{p.Key}", $"{p.Title} sync", p.Key))
            .Concat(kinds.Names.Where(k => k != SyncConnection.KindName).Select(k => new Agent(k, kinds.Find(k)!.Title, null)))
            .Append(new Agent(Scheduler, "Scheduler", null));

    private static string AgentOf(string kind, string payloadJson)
    {
        if (kind != SyncConnection.KindName) return kind;
        try { return $"sync:{JsonSerializer.Deserialize<SyncPayload>(payloadJson, JsonSerializerOptions.Web)?.Provider}"; }
        catch (JsonException) { return kind; }
    }
}
