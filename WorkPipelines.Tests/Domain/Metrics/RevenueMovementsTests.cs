using Stripe;
using WorkPipelines.Domain.Connectors.Stripe;
using WorkPipelines.Domain.Metrics.Revenue;

namespace WorkPipelines.Tests.Domain.Metrics;

/// <summary>
/// MRR movements on hand-computed tables. Subscriptions are Stripe objects (Stripe.net, as the API returns them), turned into the
/// raw records a sync stores, and those into movements: the same path as the app, without the database.
/// </summary>
public sealed class RevenueMovementsTests
{
    private static readonly DateTime Now = Utc(2026, 4, 1);
    private static readonly Guid Connection = Guid.NewGuid();

    /// <summary>
    /// Seven customers, January to March 2026 (USD, MRR in dollars):
    /// A new in January at 100. B since December at 50 with 20 % off until 5 February (40, then expansion of 10).
    /// C since November at 30, cancelled at period end on 10 February, ending 28 February (churn in February, not at the request).
    /// D since December at 20, paused on 15 January (MRR churns; not a cancelled customer). E paid 60 from October, cancelled
    /// 20 December, and comes back on 3 March at 80 (reactivation). F holds 40 + 10 since December, adds 25 on 20 January
    /// (expansion) and cancels the 10 on 10 March (contraction). G pays 70 throughout with a cancellation set for April.
    /// </summary>
    private static readonly Subscription[] Customers =
    [
        Sub("sub_a", "cus_a", 10000, Utc(2026, 1, 10)),
        Sub("sub_b", "cus_b", 5000, Utc(2025, 12, 5), discount: (20, Utc(2026, 2, 5))),
        Sub("sub_c", "cus_c", 3000, Utc(2025, 11, 1), status: "canceled", canceled: (Utc(2026, 2, 10), Utc(2026, 2, 28)), atPeriodEnd: true),
        Sub("sub_d", "cus_d", 2000, Utc(2025, 12, 1), status: "paused", paused: Utc(2026, 1, 15)),
        Sub("sub_e1", "cus_e", 6000, Utc(2025, 10, 1), status: "canceled", canceled: (Utc(2025, 12, 20), Utc(2025, 12, 20))),
        Sub("sub_e2", "cus_e", 8000, Utc(2026, 3, 3)),
        Sub("sub_f1", "cus_f", 4000, Utc(2025, 12, 1)),
        Sub("sub_f2", "cus_f", 1000, Utc(2025, 12, 1), status: "canceled", canceled: (Utc(2026, 3, 10), Utc(2026, 3, 10))),
        Sub("sub_f3", "cus_f", 2500, Utc(2026, 1, 20)),
        Sub("sub_g", "cus_g", 7000, Utc(2025, 12, 15), atPeriodEnd: true),
    ];

    [Fact]
    public void Each_month_splits_mrr_into_new_expansion_contraction_churn_and_reactivation()
    {
        var table = Table(Customers, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31)).Single();

        Assert.Equal("USD", table.Currency);
        Assert.Equal(3, table.Months.Count);
        // Starting, new, expansion, contraction, churn, reactivation, ending
        AssertRow(table.Months[0], 210, 100, 25, 0, 20, 0, 315);
        AssertRow(table.Months[1], 315, 0, 10, 0, 30, 0, 295);
        AssertRow(table.Months[2], 295, 0, 0, 10, 0, 80, 365);
        // The whole period adds up the months (F's January upgrade and March downgrade stay apart).
        AssertRow(table.Total, 210, 100, 35, 10, 50, 80, 365);
        Assert.Equal(new Customers(5, 1, 0, 0, 1, 5), table.Months[0].Customers); // D paused: no cancelled customer
        Assert.Equal(new Customers(5, 0, 0, 1, 0, 4), table.Months[1].Customers); // C cancelled
        Assert.Equal(new Customers(4, 0, 1, 0, 0, 5), table.Months[2].Customers); // E back
        Assert.Equal(new Customers(5, 1, 1, 1, 1, 5), table.Total.Customers);
    }

    [Fact]
    public void Ratios_follow_the_months_movements()
    {
        var months = Table(Customers, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31)).Single().Months;

        Assert.Equal(215.0 / 210, months[0].NetRevenueRetention!.Value, precision: 9);
        Assert.Equal(125.0 / 20, months[0].QuickRatio!.Value, precision: 9);
        Assert.Equal(0, months[0].CustomerChurnRate);
        Assert.Equal(20.0 / 210, months[0].RevenueChurnRate!.Value, precision: 9);
        Assert.Equal(295.0 / 315, months[1].NetRevenueRetention!.Value, precision: 9);
        Assert.Equal(10.0 / 30, months[1].QuickRatio!.Value, precision: 9);
        Assert.Equal(1.0 / 5, months[1].CustomerChurnRate);
        Assert.Equal(285.0 / 295, months[2].NetRevenueRetention!.Value, precision: 9);
        Assert.Equal(8, months[2].QuickRatio);
        Assert.Equal(10.0 / 295, months[2].RevenueChurnRate!.Value, precision: 9);
    }

    [Fact]
    public void A_cancellation_at_period_end_churns_when_the_period_ends_not_when_it_was_asked_for()
    {
        var february = Table([Customers[2]], new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 27)).Single().Total;
        var lastDay = Table([Customers[2]], new DateOnly(2026, 2, 28), new DateOnly(2026, 2, 28)).Single().Total;

        Assert.Equal((30.0, 0.0, 30.0), (february.Starting, february.Churn, february.Ending));
        Assert.Equal((30.0, 30.0, 0.0, 1), (lastDay.Starting, lastDay.Churn, lastDay.Ending, lastDay.Customers.Churned));
    }

    [Fact]
    public void Currencies_get_a_table_each_and_ratios_without_a_denominator_are_null()
    {
        Subscription[] subscriptions =
        [
            Sub("sub_x", "cus_x", 9000, Utc(2026, 2, 10), currency: "eur"),
            Sub("sub_y", "cus_y", 5000, Utc(2026, 1, 5), currency: "jpy", status: "canceled", canceled: (Utc(2026, 2, 20), Utc(2026, 2, 20))),
        ];

        var tables = Table(subscriptions, new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28));

        Assert.Equal(["EUR", "JPY"], tables.Select(t => t.Currency));
        var eur = tables[0].Months.Single();
        AssertRow(eur, 0, 90, 0, 0, 0, 0, 90);
        Assert.Null(eur.NetRevenueRetention);
        Assert.Null(eur.QuickRatio);
        Assert.Null(eur.CustomerChurnRate);
        Assert.Null(eur.RevenueChurnRate);
        var jpy = tables[1].Months.Single(); // zero-decimal: 5000 is ¥5,000
        AssertRow(jpy, 5000, 0, 0, 0, 5000, 0, 0);
        Assert.Equal((0.0, 0.0, 1.0, 1.0), (jpy.NetRevenueRetention, jpy.QuickRatio, jpy.CustomerChurnRate, jpy.RevenueChurnRate));
    }

    [Fact]
    public void Cohorts_by_month_of_first_payment_keep_their_customers_and_mrr_month_by_month()
    {
        var cohorts = Table(Customers, new DateOnly(2025, 10, 1), new DateOnly(2026, 3, 31)).Single().Cohorts;

        Assert.Equal(["2025-10", "2025-11", "2025-12", "2026-01"], cohorts.Select(c => c.Month.ToString("yyyy-MM")));
        // October: E (60), gone in December, back at 80 in March. November: C (30), gone at the end of February.
        AssertCohort(cohorts[0], 1, 60, [1, 1, 0, 0, 0, 1], [60, 60, 0, 0, 0, 80]);
        AssertCohort(cohorts[1], 1, 30, [1, 1, 1, 0, 0], [30, 30, 30, 0, 0]);
        // December: B (40), D (20), F (40 + 10) and G (70) = 180; D pauses in January, F adds 25 there, B's discount ends in
        // February (+10), F drops 10 in March.
        AssertCohort(cohorts[2], 4, 180, [4, 3, 3, 3], [180, 185, 195, 185]);
        AssertCohort(cohorts[3], 1, 100, [1, 1, 1], [100, 100, 100]);
        Assert.Equal(0.75, cohorts[2].Months[1].CustomerRetention);
        Assert.Equal(195.0 / 180, cohorts[2].Months[2].RevenueRetention!.Value, precision: 9);
        Assert.Equal(new DateOnly(2026, 3, 31), cohorts[2].Months[^1].End);
    }

    private static void AssertCohort(Cohort cohort, int customers, double starting, int[] paying, double[] mrr)
    {
        Assert.Equal((customers, starting), (cohort.Customers, cohort.StartingMrr));
        Assert.Equal(paying, cohort.Months.Select(m => m.Customers));
        Assert.Equal(mrr, cohort.Months.Select(m => m.Mrr));
        Assert.Equal(Enumerable.Range(0, paying.Length), cohort.Months.Select(m => m.Offset));
    }

    [Theory]
    [InlineData("2026-01-15", "2026-03-10", "2026-01-15..2026-01-31,2026-02-01..2026-02-28,2026-03-01..2026-03-10")]
    [InlineData("2024-02-01", "2024-02-29", "2024-02-01..2024-02-29")]
    [InlineData("2025-12-31", "2026-01-01", "2025-12-31..2025-12-31,2026-01-01..2026-01-01")]
    public void Months_are_calendar_months_cut_to_the_range(string from, string to, string expected) =>
        Assert.Equal(expected, string.Join(",", MrrMovements.Months(DateOnly.Parse(from), DateOnly.Parse(to)).Select(m => $"{m.From:yyyy-MM-dd}..{m.To:yyyy-MM-dd}")));

    private static void AssertRow(MovementRow row, double starting, double added, double expansion, double contraction, double churn, double reactivation, double ending)
    {
        Assert.Equal((starting, added, expansion, contraction, churn, reactivation, ending),
            (row.Starting, row.New, row.Expansion, row.Contraction, row.Churn, row.Reactivation, row.Ending));
        Assert.Equal(row.Ending, row.Starting + row.New + row.Expansion + row.Reactivation - row.Contraction - row.Churn, precision: 6);
    }

    /// <summary>The subscriptions' records as a sync on <see cref="Now"/> stores them, then the movements of each currency.</summary>
    private static List<MovementsTable> Table(IEnumerable<Subscription> subscriptions, DateOnly from, DateOnly to)
    {
        var changes = subscriptions.SelectMany(s => StripeRecords.Subscription(s, Now))
            .Select(r => RevenueMovements.Change(Connection, r.ExternalId, r.Date, r.Dimension, System.Text.Json.JsonSerializer.Serialize(r.Values))!)
            .ToList();
        return changes.GroupBy(c => c.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => MrrMovements.Table(g.Key, g.ToList(), from, to)).ToList();
    }

    private static Subscription Sub(string id, string customer, long monthlyAmount, DateTime start, string currency = "usd", string status = "active",
        (int PercentOff, DateTime End)? discount = null, (DateTime At, DateTime Ended)? canceled = null, bool atPeriodEnd = false, DateTime? paused = null)
    {
        var discounts = discount is { } d
            ? $$"""[{"id":"di_{{id}}","object":"discount","start":{{Seconds(start)}},"end":{{Seconds(d.End)}},"source":{"type":"coupon","coupon":{"id":"c","object":"coupon","duration":"repeating","duration_in_months":2,"percent_off":{{d.PercentOff}} } } }]"""
            : "[]";
        var subscription = StripeEntity.FromJson<Subscription>($$"""
            {"id":"{{id}}","object":"subscription","customer":"{{customer}}","status":"{{status}}","currency":"{{currency}}",
             "created":{{Seconds(start)}},"start_date":{{Seconds(start)}},"cancel_at_period_end":{{(atPeriodEnd ? "true" : "false")}},
             "canceled_at":{{(canceled is { } c ? Seconds(c.At).ToString() : "null")}},"ended_at":{{(canceled is { } e ? Seconds(e.Ended).ToString() : "null")}},
             "status_details":{{(paused is { } p ? $$"""{"paused":{"transitioned_at":{{Seconds(p)}},"type":"subscription"} }""" : "null")}},
             "discounts":{{discounts}},
             "items":{"object":"list","has_more":false,"data":[{"id":"si_{{id}}","object":"subscription_item","quantity":1,
               "price":{"id":"p","object":"price","currency":"{{currency}}","billing_scheme":"per_unit","unit_amount":{{monthlyAmount}},
                        "recurring":{"interval":"month","interval_count":1,"usage_type":"licensed"} } }]} }
            """);
        return subscription;
    }

    private static DateTime Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, DateTimeKind.Utc);

    private static long Seconds(DateTime at) => new DateTimeOffset(at).ToUnixTimeSeconds();
}
