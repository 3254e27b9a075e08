using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using WorkPipelines.Domain.Data;

namespace WorkPipelines.Domain.Pipelines.Store;

/// <summary>
/// On PostgreSQL, LISTENs for the <see cref="PostgresRunStore.Channel"/> notifications every enqueue sends and
/// wakes this instance's worker: a run queued on another instance starts here without waiting for the poll.
/// The poll stays as the fallback (a notification sent while this connection was down is not replayed).
/// </summary>
internal sealed class PostgresRunWakeup(IServiceScopeFactory scopes, PipelineSignal signal, ILogger<PostgresRunWakeup> logger) : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? connectionString;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
            if (!db.Database.IsNpgsql()) return;
            connectionString = db.Database.GetConnectionString();
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, _) => signal.Notify();
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresRunStore.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                // Runs queued while this connection was being made were not heard: look once.
                signal.Notify();
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Listening for queued runs failed; the worker polls meanwhile, reconnecting in {Delay}", Reconnect);
                try { await Task.Delay(Reconnect, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}
