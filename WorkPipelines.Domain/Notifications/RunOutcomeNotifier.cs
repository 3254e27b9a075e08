using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.Notifications;

/// <summary>
/// Leaves a notification under the bell of whoever asked for a run when it ends (succeeded, failed, cancelled),
/// as a subscriber of the run events: the engine knows nothing of bells. Only events raised in this process are
/// taken (<see cref="RunEventBus.SubscribeToLocal"/>), so with several instances each outcome is written once, by
/// the instance that recorded it. Writes happen off the engine's path, gathered when many runs end together.
/// </summary>
internal sealed class RunOutcomeNotifier(RunEventBus events, NotificationSignal signal, IServiceScopeFactory scopes, ILogger<RunOutcomeNotifier> logger) : BackgroundService
{
    private const int MaxBatch = 200;
    private readonly Channel<Notification> _pending = Channel.CreateUnbounded<Notification>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The notification an event leaves, or null when it leaves none.</summary>
    internal static Notification? For(RunEvent runEvent) =>
        runEvent is { IsFinal: true, RequestedByUserId: { } userId }
            ? new Notification
            {
                WorkspaceId = runEvent.WorkspaceId,
                UserId = userId,
                Title = runEvent.Type switch
                {
                    RunEventType.Succeeded => $"{runEvent.KindTitle} finished",
                    RunEventType.Failed => $"{runEvent.KindTitle} failed",
                    _ => $"{runEvent.KindTitle} was cancelled",
                },
                Body = runEvent.Message,
                Level = runEvent.Type switch
                {
                    RunEventType.Succeeded => NotificationLevel.Success,
                    RunEventType.Failed => NotificationLevel.Error,
                    _ => NotificationLevel.Warning,
                },
                Link = $"pipelines/{runEvent.RunId}",
                CreatedAt = runEvent.At,
            }
            : null;

    private IDisposable? _subscription;

    // Subscribed before the host goes on to start the worker: ExecuteAsync runs on its own task (.NET 10), and a run
    // that ended before it got going would leave no notification.
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = events.SubscribeToLocal(e =>
        {
            if (For(e) is { } notification) _pending.Writer.TryWrite(notification);
        });
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        _subscription?.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Notification>(MaxBatch);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next)) batch.Add(next);
                await WriteAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Runs that ended while the host was stopping still leave their notifications.
        while (_pending.Reader.TryRead(out var last)) batch.Add(last);
        if (batch.Count > 0) await WriteAsync(batch);
    }

    private async Task WriteAsync(List<Notification> notifications)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
            // Written just after the run ended, not with it: the workspace may have been removed meanwhile (a sample workspace
            // stops its runs, then deletes its rows). Each row goes in only if its workspace is still there when the statement
            // runs; on PostgreSQL the check takes a key-share lock, so a removal that is deleting the workspace is waited for.
            var lockClause = db.IsPostgres ? "FOR KEY SHARE" : "";
            foreach (var n in notifications)
            {
                await db.Database.ExecuteSqlAsync(FormattableStringFactory.Create($$"""
                    INSERT INTO "Notifications" ("Id", "WorkspaceId", "UserId", "Title", "Body", "Level", "Link", "CreatedAt")
                    SELECT {0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}
                    WHERE EXISTS (SELECT 1 FROM "Workspaces" WHERE "Id" = {1} {{lockClause}})
                    """, n.Id, n.WorkspaceId, n.UserId, n.Title, n.Body!, n.Level.ToString(), n.Link!, n.CreatedAt.UtcTicks), CancellationToken.None);
            }
            foreach (var (workspace, user) in notifications.Select(n => (n.WorkspaceId, n.UserId)).Distinct()) signal.Raise(workspace, user);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not leave {Count} run notification(s) under the bell", notifications.Count);
        }
    }
}
