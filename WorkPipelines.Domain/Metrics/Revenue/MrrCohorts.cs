namespace WorkPipelines.Domain.Metrics.Revenue;

/// <summary>
/// Customers grouped by the month of their first payment (the day their MRR first rose above zero), with what is left of
/// them at the end of each later month: how many still pay, and their MRR against what they started with (above 100 % when
/// upgrades outweigh losses). A customer who returns after a cancellation counts again in their first cohort.
/// </summary>
/// <param name="Month">The first day of the cohort's month.</param>
/// <param name="Customers">How many customers first paid that month.</param>
/// <param name="StartingMrr">Their MRR at the end of each one's first day of paying, added up.</param>
/// <param name="Months">Month 0 (the cohort's own) onwards, up to the end of the range.</param>
public sealed record Cohort(DateOnly Month, int Customers, double StartingMrr, IReadOnlyList<CohortMonth> Months);

/// <summary>A cohort at the end of a month (the range's last day for the last month): customers still paying and their MRR.</summary>
public sealed record CohortMonth(int Offset, DateOnly End, int Customers, double Mrr, double CustomerRetention, double? RevenueRetention);

public static class MrrCohorts
{
    /// <summary>The cohorts of one currency's changes whose first payment falls between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public static IReadOnlyList<Cohort> Between(IReadOnlyCollection<MrrChange> changes, DateOnly from, DateOnly to)
    {
        var customers = changes.GroupBy(c => c.Customer)
            .Select(g => (Changes: g.ToList(), First: g.Where(c => c.Change > 0).Select(c => (DateOnly?)c.Date).Min()))
            .Where(c => c.First is { } first && first >= from && first <= to)
            .Select(c => (c.Changes, First: c.First!.Value))
            .ToList();
        var ends = MrrMovements.Months(from, to).Select(m => m.To).ToList();
        return customers.GroupBy(c => new DateOnly(c.First.Year, c.First.Month, 1)).OrderBy(g => g.Key).Select(cohort =>
        {
            var starting = Round(cohort.Sum(c => MrrAt(c.Changes, c.First)));
            var months = ends.Where(end => end >= cohort.Key).Select((end, offset) =>
            {
                var mrr = cohort.Select(c => MrrAt(c.Changes, end)).ToList();
                var paying = mrr.Count(m => m > 0);
                var total = Round(mrr.Sum());
                return new CohortMonth(offset, end, paying, total, (double)paying / cohort.Count(), starting == 0 ? null : total / starting);
            }).ToList();
            return new Cohort(cohort.Key, cohort.Count(), starting, months);
        }).ToList();
    }

    private static double MrrAt(List<MrrChange> changes, DateOnly day) => Round(changes.Where(c => c.Date <= day).Sum(c => c.Change));

    private static double Round(double value) => Math.Abs(value) < 1e-6 ? 0 : Math.Round(value, 6);
}
