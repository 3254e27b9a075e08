namespace WorkPipelines.Domain.Metrics.Revenue;

/// <summary>
/// One change of a customer's MRR, as the Stripe connector records it: a subscription starting (<see cref="Change"/> = its MRR),
/// a discount ending (the increase) or the subscription stopping (minus its MRR), with whether it stopped by a pause.
/// </summary>
public sealed record MrrChange(string Customer, string Currency, DateOnly Date, double Change, bool Paused = false);

/// <summary>
/// Classifies MRR movements per customer, the way subscription-analytics tools do: a customer's MRR at the end of a range against
/// their MRR at its start. 0 → more is <b>new</b>, or <b>reactivation</b> when the customer paid before; more → 0 is <b>churn</b>;
/// otherwise the difference is <b>expansion</b> or <b>contraction</b>. Because every customer lands in exactly one movement,
/// start + movements = end holds by construction. Changes that cancel out within one range (a subscription started and cancelled
/// in the same month) move nothing, and a customer moving from one plan to another in the same range shows only the net change.
/// </summary>
public static class MrrMovements
{
    // MRR is a sum of doubles: differences below a millionth of a currency unit are rounding, not money.
    private const double Epsilon = 1e-6;

    /// <summary>Movements of one currency's changes between <paramref name="from"/> and <paramref name="to"/> (whole days, inclusive).</summary>
    public static MovementRow Between(IReadOnlyCollection<MrrChange> changes, DateOnly from, DateOnly to)
    {
        double starting = 0, ending = 0, added = 0, expansion = 0, contraction = 0, churn = 0, reactivation = 0;
        int customersStarting = 0, customersEnding = 0, customersNew = 0, reactivated = 0, churned = 0, paused = 0;
        foreach (var customer in changes.GroupBy(c => c.Customer))
        {
            var before = Round(customer.Where(c => c.Date < from).Sum(c => c.Change));
            var after = Round(customer.Where(c => c.Date <= to).Sum(c => c.Change));
            starting += before;
            ending += after;
            if (before > 0) customersStarting++;
            if (after > 0) customersEnding++;
            if (before <= 0 && after > 0)
            {
                if (customer.Any(c => c.Date < from && c.Change > 0)) { reactivation += after - before; reactivated++; }
                else { added += after - before; customersNew++; }
            }
            else if (before > 0 && after <= 0)
            {
                churn += before - after;
                // MRR that left only through pauses is not a cancelled customer (Stripe counts paused subscribers apart).
                var stops = customer.Where(c => c.Date >= from && c.Date <= to && c.Change < 0).ToList();
                if (stops.Count > 0 && stops.All(c => c.Paused)) paused++;
                else churned++;
            }
            else if (after > before) expansion += after - before;
            else contraction += before - after;
        }
        return new MovementRow(from, to, Round(starting), Round(added), Round(expansion), Round(contraction), Round(churn), Round(reactivation), Round(ending),
            new Customers(customersStarting, customersNew, reactivated, churned, paused, customersEnding));
    }

    /// <summary>
    /// One currency's table: a row per month, their sum over the range (so the whole-period row adds up the columns above it,
    /// and still starts + moves = ends), and the cohorts of customers who first paid in the range.
    /// </summary>
    public static MovementsTable Table(string currency, IReadOnlyCollection<MrrChange> changes, DateOnly from, DateOnly to)
    {
        var months = Months(from, to).Select(m => Between(changes, m.From, m.To)).ToList();
        var (first, last) = (months[0], months[^1]);
        var total = new MovementRow(from, to, first.Starting, Round(months.Sum(m => m.New)), Round(months.Sum(m => m.Expansion)),
            Round(months.Sum(m => m.Contraction)), Round(months.Sum(m => m.Churn)), Round(months.Sum(m => m.Reactivation)), last.Ending,
            new Customers(first.Customers.Starting, months.Sum(m => m.Customers.New), months.Sum(m => m.Customers.Reactivated),
                months.Sum(m => m.Customers.Churned), months.Sum(m => m.Customers.Paused), last.Customers.Ending));
        return new MovementsTable(currency, months, total) { Cohorts = MrrCohorts.Between(changes, from, to) };
    }

    /// <summary>Each calendar month that overlaps the range, cut to the range at its ends.</summary>
    public static IEnumerable<(DateOnly From, DateOnly To)> Months(DateOnly from, DateOnly to)
    {
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var end = month.AddMonths(1).AddDays(-1);
            yield return (month < from ? from : month, end > to ? to : end);
        }
    }

    private static double Round(double value)
    {
        var rounded = Math.Round(value, 6);
        return Math.Abs(rounded) < Epsilon ? 0 : rounded;
    }
}
