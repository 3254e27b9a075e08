namespace WorkPipelines.Domain.Metrics.Revenue;

/// <summary>
/// Revenue movements over a range: one table per currency (amounts of two currencies are never added), each with a row per
/// month and one for the whole range. <see cref="Connected"/> is false when the workspace has no Stripe connection.
/// </summary>
public sealed record RevenueMovementsData(DateOnly From, DateOnly To, bool Connected, IReadOnlyList<string> Currencies, IReadOnlyList<MovementsTable> Tables);

/// <summary>
/// The movements of one currency: <see cref="Months"/> in order, <see cref="Total"/> their sum over the whole range, and the
/// <see cref="Cohorts"/> of customers who first paid within the range.
/// </summary>
public sealed record MovementsTable(string Currency, IReadOnlyList<MovementRow> Months, MovementRow Total)
{
    public IReadOnlyList<Cohort> Cohorts { get; init; } = [];
}

/// <summary>
/// MRR movements between <see cref="From"/> and <see cref="To"/> (a calendar month, cut to the range at its ends), in whole
/// units of the table's currency. <see cref="Starting"/> is MRR at the end of the day before <see cref="From"/>, <see cref="Ending"/>
/// at the end of <see cref="To"/>, and always Starting + New + Expansion + Reactivation − Contraction − Churn = Ending
/// (Contraction and Churn are positive amounts that leave). The ratios are null when their denominator is zero ("not enough data").
/// </summary>
public sealed record MovementRow(DateOnly From, DateOnly To, double Starting, double New, double Expansion, double Contraction, double Churn,
    double Reactivation, double Ending, Customers Customers)
{
    /// <summary>What the customers paying at the start pay at the end, against what they paid: (Starting + Expansion − Contraction − Churn) / Starting.</summary>
    public double? NetRevenueRetention => Ratio(Starting + Expansion - Contraction - Churn, Starting);

    /// <summary>MRR gained per unit lost: (New + Expansion + Reactivation) / (Contraction + Churn).</summary>
    public double? QuickRatio => Ratio(New + Expansion + Reactivation, Contraction + Churn);

    /// <summary>Customers who cancelled, against the customers paying at the start (a pause is not a cancellation).</summary>
    public double? CustomerChurnRate => Ratio(Customers.Churned, Customers.Starting);

    /// <summary>MRR lost to cancellations, pauses and downgrades, against MRR at the start: (Churn + Contraction) / Starting.</summary>
    public double? RevenueChurnRate => Ratio(Churn + Contraction, Starting);

    private static double? Ratio(double a, double b) => b == 0 ? null : a / b;
}

/// <summary>
/// Paying customers at the start and end, and how many moved: new, reactivated, churned (cancelled) and paused (MRR left through
/// a pause, which Stripe does not count as a churned subscriber).
/// </summary>
public sealed record Customers(int Starting, int New, int Reactivated, int Churned, int Paused, int Ending);
