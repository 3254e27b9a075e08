using Coravel.Invocable;
using Microsoft.Extensions.Logging;

namespace WorkPipelines.Domain.Pipelines;

/// <summary>Scheduled by Coravel: returns runs of dead or stuck workers to the queue, or fails them.</summary>
public sealed class SweepExpiredLeases(RunQueue queue, ILogger<SweepExpiredLeases> logger) : IInvocable, ICancellableInvocable
{
    public CancellationToken CancellationToken { get; set; }

    public async Task Invoke()
    {
        var swept = await queue.SweepExpiredLeasesAsync(CancellationToken);
        if (swept > 0) logger.LogWarning("Lease sweep recovered {Count} run(s)", swept);
    }
}
