namespace WorkPipelines.Domain.Metrics;

/// <summary>A period as asked for (query string, period picker, report request): its key, the comparison and, for custom, the dates.</summary>
/// <remarks>Turned into dates by <see cref="PeriodResolver"/>, for today in the workspace's time zone.</remarks>
public sealed record PeriodQuery(string? Period, string? Compare, DateOnly? From, DateOnly? To)
{
    /// <summary>What pages show first: the last 30 days against the 30 before.</summary>
    public static readonly PeriodQuery Last30Days = new("30d", "previous", null, null);
}
