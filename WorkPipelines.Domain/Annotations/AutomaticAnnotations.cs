using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Reports.Rendering;

namespace WorkPipelines.Domain.Annotations;

/// <summary>
/// The app's own annotations: a source connected or reconnected, and a sync that rewrote days the previous sync had already
/// shown. Each is written once per event by <c>INSERT … ON CONFLICT DO NOTHING</c> on the (workspace, event key) unique index:
/// a retried run, a second instance or a second click adds nothing, and a dismissed one stays dismissed. It is plain SQL beside
/// whatever the caller's context tracks, so nothing else of the caller's is saved with it.
/// </summary>
public sealed class AutomaticAnnotations(WorkDbContext db, TimeProvider time)
{
    /// <summary>"Stripe connected": one per connection, and one per reconnect and day (a reconnect twice in a day is one event on a chart of days).</summary>
    public async Task ConnectedAsync(Connection connection, bool reconnected, string? userId, CancellationToken cancellationToken = default)
    {
        var today = await TodayAsync(connection.WorkspaceId, cancellationToken);
        var title = ProviderCatalog.Find(connection.Provider)?.Title ?? connection.Provider;
        var (kind, key) = reconnected
            ? (AnnotationKind.Reconnected, $"reconnected:{connection.Id}:{today:yyyy-MM-dd}")
            : (AnnotationKind.Connected, $"connected:{connection.Id}");
        await InsertOnceAsync(connection.WorkspaceId, today, null, $"{title} {(reconnected ? "reconnected" : "connected")}", connection.Provider,
            kind, key, userId, cancellationToken);
    }

    /// <summary>
    /// After a sync: when it changed the figures of days before the day of the connection's previous successful sync (days a reader
    /// had already seen as complete), a band over those days says so. The first sync of a connection brings in history rather than
    /// changing it, and late figures of the day before are normal, so neither counts.
    /// </summary>
    /// <returns>Whether this call wrote one (false: nothing earlier changed, or it was written before).</returns>
    public async Task<bool> HistoryChangedAsync(Connection connection, DateTimeOffset? previousSuccess, IReadOnlyCollection<DateOnly> changedDays, Guid runId,
        CancellationToken cancellationToken = default)
    {
        if (previousSuccess is not { } previous || changedDays.Count == 0) return false;
        var zone = await ZoneAsync(connection.WorkspaceId, cancellationToken);
        var seenComplete = Period.Today(previous, zone);
        var earlier = changedDays.Where(d => d < seenComplete).Distinct().Order().ToList();
        if (earlier.Count == 0) return false;
        var title = ProviderCatalog.Find(connection.Provider)?.Title ?? connection.Provider;
        var (first, last) = (earlier[0], earlier[^1]);
        var text = $"{title} sync changed {(earlier.Count == 1 ? "1 earlier day" : $"{earlier.Count} earlier days")} ({ReportText.Range(first, last)})";
        return await InsertOnceAsync(connection.WorkspaceId, first, last == first ? null : last, text, connection.Provider,
            AnnotationKind.HistoryChanged, $"history:{runId}", null, cancellationToken);
    }

    private async Task<bool> InsertOnceAsync(Guid workspaceId, DateOnly date, DateOnly? endDate, string text, string source, AnnotationKind kind,
        string eventKey, string? userId, CancellationToken cancellationToken)
    {
        // SQLite keeps EF's ids as upper-case text and dates as yyyy-MM-dd text; PostgreSQL has uuid and date columns. Instants are ticks on both.
        var postgres = db.Database.IsNpgsql();
        object Id(Guid id) => postgres ? id : id.ToString().ToUpperInvariant();
        object Day(DateOnly day) => postgres ? day : day.ToString("yyyy-MM-dd");
        object? end = endDate is { } e ? Day(e) : null;
        if (text.Length > Annotation.MaxText) text = text[..(Annotation.MaxText - 1)] + "…";
        // EF sends a null parameter as SQL NULL (DBNull it refuses: no type mapping); the ! only quiets the annotation.
        var written = await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "Annotations" ("Id", "WorkspaceId", "Date", "EndDate", "Text", "Source", "Kind", "EventKey", "CreatedByUserId", "CreatedAt")
            VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9})
            ON CONFLICT ("WorkspaceId", "EventKey") DO NOTHING
            """,
            [Id(Guid.CreateVersion7()), Id(workspaceId), Day(date), end!, text, source, kind.ToString(), eventKey, userId!, time.GetUtcNow().UtcTicks], cancellationToken);
        return written > 0;
    }

    private async Task<DateOnly> TodayAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        Period.Today(time.GetUtcNow(), await ZoneAsync(workspaceId, cancellationToken));

    private async Task<string> ZoneAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.TimeZone).FirstOrDefaultAsync(cancellationToken) ?? "UTC";
}
