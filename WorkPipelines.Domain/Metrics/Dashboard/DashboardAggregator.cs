using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Metrics.Dashboard;

/// <summary>
/// Every panel at once, in parallel, each in its own scope (its own DbContext) and with its own
/// timeout: a failing or hanging panel becomes an error panel; the others and the call go on.
/// Each panel runs on the thread pool: SQLite's "async" calls complete synchronously, so without it
/// the panels would run one after another on the caller's thread, and a stuck query would hold all of them.
/// </summary>
public sealed class DashboardAggregator(IServiceScopeFactory scopes, CurrentWorkspace workspace, IOptions<DashboardOptions> options, ILogger<DashboardAggregator> logger)
{
    private TimeSpan PanelTimeout => options.Value.PanelTimeout;

    public async Task<DashboardData> AggregateAsync(Period period, CancellationToken cancellationToken = default)
    {
        var blended = Task.Run(() => InScopeAsync(q => q.BlendedAsync(period, cancellationToken)), CancellationToken.None);
        var panels = PanelDefinitions.All.Select(panel => PanelAsync(panel, period, cancellationToken)).ToList();
        await Task.WhenAll(panels);
        IReadOnlyList<KpiValue> strip;
        try { strip = await blended.WaitAsync(PanelTimeout, cancellationToken); }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Blended KPIs failed");
            strip = [];
        }
        return new DashboardData(period, strip, panels.Select(p => p.Result).ToList());
    }

    public async Task<PanelData> PanelAsync(PanelDefinition panel, Period period, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PanelTimeout);
        try
        {
            return await Task.Run(() => InScopeAsync(q => q.PanelAsync(panel, period, timeout.Token)), CancellationToken.None).WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return PanelData.Failed(panel, $"{panel.Title} took longer than {PanelTimeout.TotalSeconds:0} s; showing the other panels without it");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Panel {Panel} failed", panel.Key);
            return PanelData.Failed(panel, $"{panel.Title} could not be loaded ({ex.GetType().Name})");
        }
    }

    private async Task<T> InScopeAsync<T>(Func<DashboardQueries, Task<T>> query)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspace.WorkspaceId, workspace.WorkspaceName, workspace.UserId, workspace.Role);
        return await query(scope.ServiceProvider.GetRequiredService<DashboardQueries>());
    }
}
