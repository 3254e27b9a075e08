using Microsoft.Extensions.Caching.Hybrid;
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
/// <para>
/// Figures come from the cache while their data is unchanged: the key holds the workspace, the period and its comparison
/// (the dates, so the workspace's time zone too) and the version of the sources' data (<see cref="DataStamps"/>), so a sync
/// that finishes, on any instance, moves every view of its sources to a new key. Failures are never cached.
/// </para>
/// </summary>
public sealed class DashboardAggregator(IServiceScopeFactory scopes, CurrentWorkspace workspace, HybridCache cache,
    IOptions<DashboardOptions> options, ILogger<DashboardAggregator> logger)
{
    // Entries of another build may be shaped differently: its module id keeps them apart in a shared Redis.
    private static readonly string Build = typeof(PanelData).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..8];
    private static readonly string[] AllSources = PanelDefinitions.All.SelectMany(p => p.Sources).Distinct().ToArray();

    private TimeSpan PanelTimeout => options.Value.PanelTimeout;

    public async Task<DashboardData> AggregateAsync(Period period, CancellationToken cancellationToken = default)
    {
        // Read once for every panel (the connections' state); should it fail, each panel reads it itself and fails alone.
        DataStamps? stamps = null;
        try
        {
            stamps = await InScopeAsync(q => q.DataStampsAsync(cancellationToken)).WaitAsync(PanelTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Reading the connections' state failed");
        }
        var blended = Task.Run(() => BlendedAsync(period, stamps, cancellationToken), CancellationToken.None);
        var panels = PanelDefinitions.All.Select(panel => PanelAsync(panel, period, stamps, cancellationToken)).ToList();
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

    public Task<PanelData> PanelAsync(PanelDefinition panel, Period period, CancellationToken cancellationToken = default) =>
        PanelAsync(panel, period, stamps: null, cancellationToken);

    /// <summary>The strip of blended KPIs (<see cref="DashboardQueries.BlendedAsync"/>), from the cache while the data is unchanged.</summary>
    public Task<IReadOnlyList<KpiValue>> BlendedAsync(Period period, CancellationToken cancellationToken = default) =>
        BlendedAsync(period, stamps: null, cancellationToken);

    /// <summary>A panel's drill-down (<see cref="DashboardQueries.DetailAsync"/>), from the cache while the data is unchanged.</summary>
    public Task<PanelDetail> DetailAsync(PanelDefinition panel, Period period, CancellationToken cancellationToken = default) =>
        CachedAsync($"detail:{panel.Key}", panel.Sources, period, null, (q, ct) => q.DetailAsync(panel, period, ct), cancellationToken);

    private async Task<PanelData> PanelAsync(PanelDefinition panel, Period period, DataStamps? stamps, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PanelTimeout);
        try
        {
            return await Task.Run(() => CachedAsync($"panel:{panel.Key}", panel.Sources, period, stamps, (q, ct) => q.PanelAsync(panel, period, ct), timeout.Token),
                CancellationToken.None).WaitAsync(timeout.Token);
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

    private Task<IReadOnlyList<KpiValue>> BlendedAsync(Period period, DataStamps? stamps, CancellationToken cancellationToken) =>
        CachedAsync("blended", AllSources, period, stamps, (q, ct) => q.BlendedAsync(period, ct), cancellationToken);

    private async Task<T> CachedAsync<T>(string what, IReadOnlyList<string> sources, Period period, DataStamps? shared,
        Func<DashboardQueries, CancellationToken, Task<T>> query, CancellationToken cancellationToken)
    {
        var stamps = shared ?? await InScopeAsync(q => q.DataStampsAsync(cancellationToken));
        var key = $"dashboard:{Build}:{workspace.WorkspaceId:N}:{what}:{period.From:yyyyMMdd}-{period.To:yyyyMMdd}:{period.CompareFrom:yyyyMMdd}-{period.CompareTo:yyyyMMdd}:{stamps.VersionOf(sources)}";
        // The factory reads in a scope of its own: a caller that gives up (its panel timed out) must not take the
        // DbContext away from another caller waiting for the same entry.
        return await cache.GetOrCreateAsync(key, ct => new ValueTask<T>(InScopeAsync(q =>
        {
            q.Known = shared;
            return query(q, ct);
        })), cancellationToken: cancellationToken);
    }

    private async Task<T> InScopeAsync<T>(Func<DashboardQueries, Task<T>> query)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspace.WorkspaceId, workspace.WorkspaceName, workspace.UserId, workspace.Role);
        return await query(scope.ServiceProvider.GetRequiredService<DashboardQueries>());
    }
}
