using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Domain.Connectors.Sync;

/// <summary>The last syncs of a provider's connection in the current workspace.</summary>
public sealed class SyncHistoryQuery(WorkDbContext db, RunBrowser runs)
{
    public async Task<List<RunSummary>> LatestAsync(string provider, int take = 5, CancellationToken cancellationToken = default)
    {
        var connectionId = await db.Connections.Where(c => c.Provider == provider).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (connectionId is null) return [];
        var page = await runs.SearchAsync(new RunFilter(ConcurrencyKey: SyncConnection.ConcurrencyKey(connectionId.Value)), 1, take, cancellationToken);
        return page.Items.ToList();
    }
}
