using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Domain.Sharing;

/// <summary>The data behind a share link: only the panels it shares (the headline strip only when chosen).</summary>
public sealed record SharedDashboardData(ShareGrant Grant, Period Period, IReadOnlyList<KpiValue>? Blended, IReadOnlyList<PanelData> Panels);

/// <summary>
/// Reads what a link shows, in a scope of its own put in the link's workspace by <see cref="ShareOpener.EnterAsync"/>. The shared page
/// loads panel by panel through the same door (see the web app's <c>ScopedWork</c>); this is the whole view at once, for tests and scripts.
/// </summary>
public sealed class SharedDashboard(IServiceScopeFactory scopes)
{
    /// <summary>Null when the link is unknown, expired or revoked; then nothing is read.</summary>
    public async Task<SharedDashboardData?> ReadAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        if (await services.GetRequiredService<ShareOpener>().EnterAsync(token, services.GetRequiredService<CurrentWorkspace>(), cancellationToken) is not { } grant)
            return null;
        var (period, _) = await services.GetRequiredService<PeriodResolver>().ResolveAsync(grant.Query, cancellationToken: cancellationToken);
        if (period is null) return null; // a stored view is valid when made; a custom range cannot become invalid, but never guess
        var aggregator = services.GetRequiredService<DashboardAggregator>();
        var blended = grant.Shows(SharePanels.Blended) ? await aggregator.BlendedAsync(period, cancellationToken) : null;
        List<PanelData> panels = [];
        foreach (var panel in PanelDefinitions.All.Where(p => grant.Shows(p.Key)))
            panels.Add(await aggregator.PanelAsync(panel, period, cancellationToken));
        return new SharedDashboardData(grant, period, blended, panels);
    }
}
