using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.Connectors.Sync;

/// <summary>
/// Syncs one connection: every stream (or one, to retry it alone) page by page from its
/// checkpoint, then recomputes the daily metrics of the days it touched and records the health
/// of the connection. Bad credentials fail at once and mark the connection "needs reconnect";
/// rate limits and provider outages are retried by the engine with backoff.
/// </summary>
public sealed class SyncConnection(
    WorkDbContext db, ConnectorRegistry connectors, ConnectionSessions sessions, RecordWriter writer, Rollups rollups,
    TimeProvider time, IOptions<ConnectorOptions> options, Annotations.AutomaticAnnotations annotations) : IPipelineKind
{
    public const string KindName = "sync-connection";

    public string Name => KindName;
    public string Title => "Source sync";
    public int MaxAttempts => 5;
    public TimeSpan Timeout => TimeSpan.FromMinutes(30);

    public string TitleOf(string payloadJson) =>
        System.Text.Json.JsonSerializer.Deserialize<SyncPayload>(payloadJson, System.Text.Json.JsonSerializerOptions.Web)?.Provider is { } key && ProviderCatalog.Find(key) is { } provider
            ? $"{provider.Title} sync"
            : Title;

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(300);

    private static string Records(int count) => count == 1 ? "1 record" : $"{count:N0} records";

    public static string ConcurrencyKey(Guid connectionId) => $"sync:{connectionId}";

    public async Task ExecuteAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var payload = context.GetPayload<SyncPayload>();
        var connection = await db.Connections.FirstOrDefaultAsync(c => c.Id == payload.ConnectionId, cancellationToken)
            ?? throw new PermanentPipelineException($"connection {payload.ConnectionId} no longer exists");
        // Read before this sync records its own success: days before that sync's day had been shown as complete.
        var previousSuccess = connection.LastSuccessAt;
        var connector = connectors.Find(connection.Provider)
            ?? throw new PermanentPipelineException($"no connector for provider '{connection.Provider}'");
        var streams = payload.Stream is null ? connector.Streams : connector.Streams.Where(s => s.Name == payload.Stream).ToList();
        if (streams.Count == 0)
            throw new PermanentPipelineException($"unknown stream '{payload.Stream}'; {connection.Provider} has: {string.Join(", ", connector.Streams.Select(s => s.Name))}");

        // One open connection for the whole sync: the pages' prepared statements are reused, and no page pays for an open.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var percent = 0;
            // A rate-limit wait says so on the progress bar, and never outlasts the run's own timeout.
            var session = sessions.Open(connection, message => context.ReportProgressAsync(percent, message), time.GetUtcNow() + Timeout);
            var touched = await RemoveRetiredStreamsAsync(connection, connector, cancellationToken);
            var lastReport = time.GetTimestamp();
            var (total, finished) = (0, 0);
            // Streams the provider lets us read side by side overlap their round trips; the run's DbContext and its progress
            // take turns (one page written at a time), so records, checkpoints and progress are written exactly as one after the other.
            using var turn = new SemaphoreSlim(1, 1);
            var sideBySide = Math.Clamp(Math.Min(connector.StreamsSideBySide, options.Value.MaxStreamsSideBySide ?? int.MaxValue), 1, streams.Count);
            await SideBySideAsync(streams.Count, sideBySide, async (index, token) =>
            {
                var stream = streams[index];
                StreamCheckpoint checkpoint;
                await turn.WaitAsync(token);
                try
                {
                    // Not tracked: the writer saves it with the page's records by SQL of its own.
                    checkpoint = await db.StreamCheckpoints.AsNoTracking().FirstOrDefaultAsync(c => c.ConnectionId == connection.Id && c.Stream == stream.Name, token)
                        ?? new StreamCheckpoint { WorkspaceId = connection.WorkspaceId, ConnectionId = connection.Id, Stream = stream.Name };
                }
                finally
                {
                    turn.Release();
                }
                var read = 0;
                // Page n+1 is read while page n is written: the provider's round trip and the page's commit overlap.
                // Reading touches no database (a token refresh or a progress line uses a scope of its own), and a failed
                // read surfaces only after the page before it is saved, as when they ran one after the other.
                Task<StreamPage>? next = stream.ReadPageAsync(session, checkpoint.Cursor, token);
                while (next is not null)
                {
                    var page = await next;
                    next = page.Done ? null : stream.ReadPageAsync(session, page.Cursor, token);
                    try
                    {
                        await turn.WaitAsync(token);
                        try
                        {
                            await writer.SavePageAsync(connection, checkpoint, page.Records, page.Cursor, token);
                            read += page.Records.Count;
                            touched.UnionWith(page.Records.Select(r => r.Date));
                            // Progress is a write and an event: a few per second is plenty for a progress bar.
                            if (page.Done || time.GetElapsedTime(lastReport) > ProgressEvery)
                            {
                                percent = finished * 100 / streams.Count;
                                await context.ReportProgressAsync(percent + (page.Done ? 100 / streams.Count : 0),
                                    $"Reading {stream.Name}: {Records(read)} ({index + 1} of {streams.Count})");
                                lastReport = time.GetTimestamp();
                            }
                        }
                        finally
                        {
                            turn.Release();
                        }
                    }
                    catch when (next is not null)
                    {
                        // The read ahead is not needed any more; observe its outcome so a failure of it is not left unobserved.
                        _ = next.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                        throw;
                    }
                }
                await turn.WaitAsync(token);
                try
                {
                    await context.LogAsync($"{stream.Name}: {Records(read)} read");
                    total += read;
                    finished++;
                }
                finally
                {
                    turn.Release();
                }
            }, cancellationToken);

            await context.ReportProgressAsync(99, touched.Count == 1 ? "Adding up the figures of 1 day" : $"Adding up the figures of {touched.Count:N0} days");
            List<DateOnly> changed = [];
            await rollups.RecomputeAsync(connection, touched, cancellationToken, changed);
            if (await annotations.HistoryChangedAsync(connection, previousSuccess, changed, context.RunId, cancellationToken))
                await context.LogAsync("Figures of earlier days changed: noted on the charts");
            var notice = await connector.CoverageNoticeAsync(session, cancellationToken);
            if (notice is not null) await context.LogAsync(notice);
            await RecordSuccessAsync(connection, notice, cancellationToken);
            // The last progress line is what the finished run's notification says.
            await context.ReportProgressAsync(100, total == 0 ? "Up to date: no records to bring in" : $"Up to date: {Records(total)} brought in");
        }
        catch (ConnectorAuthException ex)
        {
            await RecordFailureAsync(connection, ConnectionStatus.NeedsReconnect, ex.Message, final: true, cancellationToken);
            throw new PermanentPipelineException($"{connection.Provider} needs reconnecting: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is ConnectorDataException or Outbound.FetchRefusedException)
        {
            await RecordFailureAsync(connection, ConnectionStatus.Failing, ex.Message, final: true, cancellationToken);
            throw new PermanentPipelineException(ex.Message, ex);
        }
        catch (Exception ex) when (ex is ConnectorUnavailableException or HttpRequestException or TimeoutException or Polly.ExecutionRejectedException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await RecordFailureAsync(connection, ConnectionStatus.Failing, ex.Message, final: context.Attempt >= context.MaxAttempts, cancellationToken);
            throw new TransientPipelineException($"{connection.Provider} is unavailable: {ex.Message}", ex);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Runs <paramref name="count"/> pieces of work, at most <paramref name="width"/> at a time, in order of their index. The first
    /// failure stops the others (their token is cancelled) and is thrown as itself once all have stopped, so the run's error
    /// handling sees the same exception as when they ran one after the other. A width of 1 is exactly one after the other.
    /// </summary>
    internal static async Task SideBySideAsync(int count, int width, Func<int, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        if (width <= 1)
        {
            for (var index = 0; index < count; index++) await work(index, cancellationToken);
            return;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        Exception? first = null;
        async Task LaneAsync()
        {
            int index;
            while (!stop.IsCancellationRequested && (index = Interlocked.Increment(ref next)) < count)
            {
                try
                {
                    await work(index, stop.Token);
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref first, ex, null);
                    await stop.CancelAsync();
                    return;
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Min(width, count)).Select(_ => LaneAsync()));
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Records and checkpoints of a stream the connector no longer has (folded into another, as Zendesk's ticket_metrics into
    /// its ticket export) would be counted twice: they go, and the days they covered are rolled up again.
    /// </summary>
    private async Task<HashSet<DateOnly>> RemoveRetiredStreamsAsync(Connection connection, IConnector connector, CancellationToken cancellationToken)
    {
        var current = connector.Streams.Select(s => s.Name).ToList();
        var retired = db.SourceRecords.Where(r => r.ConnectionId == connection.Id && !current.Contains(r.Stream));
        var days = await retired.Select(r => r.Date).Distinct().ToListAsync(cancellationToken);
        if (days.Count > 0) await retired.ExecuteDeleteAsync(cancellationToken);
        await db.StreamCheckpoints.Where(c => c.ConnectionId == connection.Id && !current.Contains(c.Stream)).ExecuteDeleteAsync(cancellationToken);
        return [.. days];
    }

    private async Task RecordSuccessAsync(Connection connection, string? notice, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var records = await db.SourceRecords.LongCountAsync(r => r.ConnectionId == connection.Id, cancellationToken);
        await db.Connections.Where(c => c.Id == connection.Id).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Status, ConnectionStatus.Healthy)
            .SetProperty(c => c.LastSyncAt, now)
            .SetProperty(c => c.LastSuccessAt, now)
            .SetProperty(c => c.ConsecutiveFailures, 0)
            .SetProperty(c => c.LastError, notice)
            .SetProperty(c => c.RecordsSynced, records), cancellationToken);
    }

    // A failed attempt that the engine will retry is not yet a failed sync: only final ones count towards pausing.
    private async Task RecordFailureAsync(Connection connection, ConnectionStatus status, string reason, bool final, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var fresh = await db.Connections.FirstAsync(c => c.Id == connection.Id, CancellationToken.None);
        fresh.Status = status;
        fresh.LastSyncAt = time.GetUtcNow();
        fresh.LastError = reason.Length > 2000 ? reason[..2000] : reason;
        if (final) fresh.ConsecutiveFailures++;
        if (fresh.ConsecutiveFailures >= options.Value.PauseAfterFailures && !fresh.Paused)
        {
            fresh.Paused = true;
            fresh.NextSyncAt = null;
            fresh.LastError = $"Paused after {fresh.ConsecutiveFailures} failed syncs in a row. Last error: {fresh.LastError}";
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }
}

/// <summary>Payload of <see cref="SyncConnection"/>.</summary>
/// <param name="Stream">Sync only this stream (retry a failed stream alone); null for all.</param>
/// <param name="Provider">The connection's provider key, to name the run.</param>
public sealed record SyncPayload(Guid ConnectionId, string? Stream = null, string? Provider = null);

/// <summary>Configuration section <c>Connectors</c>.</summary>
public sealed class ConnectorOptions
{
    public const string Section = "Connectors";

    /// <summary>Failed syncs in a row after which a connection is paused.</summary>
    public int PauseAfterFailures { get; set; } = 5;

    /// <summary>
    /// Where a real provider's API is reached instead of its own host, by provider key (<c>Connectors:ProviderBaseUrls:stripe</c>).
    /// Empty in production. For tests and staging imitations only: these addresses still pass the outbound policy, so a
    /// loopback one works only with its exact endpoint on <c>Outbound:AllowLoopbackEndpoints</c> too.
    /// </summary>
    public Dictionary<string, string> ProviderBaseUrls { get; set; } = [];

    /// <summary>
    /// At most this many streams of one connection are read side by side (<c>Connectors:MaxStreamsSideBySide</c>); null: as many as
    /// the connector allows (<see cref="IConnector.StreamsSideBySide"/>), 1: one after the other.
    /// </summary>
    public int? MaxStreamsSideBySide { get; set; }

    /// <summary>
    /// Rows a GA4 <c>runReport</c> asks for per request (<c>Connectors:Ga4RowsPerRequest</c>): the Data API's own default, 10,000,
    /// and at most 250,000 ("If unspecified, 10,000 rows are returned. The API returns a maximum of 250,000 rows per request",
    /// RunReportRequest.limit in Google's client types, @googleapis/analyticsdata 10.0.0, build/v1beta.d.ts). A three-year
    /// pages report of a few hundred thousand rows is then tens of requests, not hundreds.
    /// </summary>
    public int Ga4RowsPerRequest { get; set; } = 10_000;
}
