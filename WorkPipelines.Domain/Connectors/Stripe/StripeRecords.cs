using Stripe;
using WorkPipelines.Domain.Metrics;

namespace WorkPipelines.Domain.Connectors.Stripe;

/// <summary>
/// Stripe objects as records. Money is read from the charge's or refund's balance transaction when Stripe has made one:
/// its <c>amount</c> is in the account's settlement currency, already converted at <c>exchange_rate</c>
/// (https://docs.stripe.com/api/balance_transactions/object; "If the charge currency differs from your settlement currency,
/// Stripe converts the charge to your settlement currency", https://docs.stripe.com/currencies). Every money record also
/// counts its <see cref="CurrencyMarkers"/> marker, so a panel knows which currency its amounts are in and never adds two currencies.
/// </summary>
public static class StripeRecords
{
    public static ConnectorRecord Charge(Charge charge)
    {
        if (charge.Status != "succeeded") return Record(charge.Id, charge.Created, ("charges.failed", 1));
        var (amount, currency) = charge.BalanceTransaction is { } settled ? (settled.Amount, settled.Currency) : (charge.Amount, charge.Currency);
        return Record(charge.Id, charge.Created, ("revenue.gross", StripeCurrency.ToMajor(amount, currency)), ("orders.count", 1), CurrencyMarkers.Of(currency));
    }

    public static ConnectorRecord Refund(Refund refund)
    {
        // A refund's balance transaction takes money out: its amount is negative.
        var (amount, currency) = refund.BalanceTransaction is { } settled ? (-settled.Amount, settled.Currency) : (refund.Amount, refund.Currency);
        return Record(refund.Id, refund.Created, ("revenue.refunds", StripeCurrency.ToMajor(amount, currency)), ("refunds.count", 1), CurrencyMarkers.Of(currency));
    }

    /// <summary>
    /// A subscription's MRR movements up to <paramref name="now"/>: new when it starts paying (after any trial), an expansion
    /// when a repeating discount ends, churn when it stops counting. One that never left its trial or never became active adds nothing.
    /// Which states count is Stripe's Billing analytics definition (https://docs.stripe.com/billing/subscriptions/analytics/glossary):
    /// MRR is "the sum of the monthly-normalized value of all your active and past_due subscriptions", excluding trials, and "when a
    /// subscriber's subscription is canceled or marked as unpaid, then the subscription is considered churn and no longer counts
    /// towards MRR". A subscription in status <c>paused</c> is neither active nor past_due, so its MRR leaves when it pauses
    /// (<c>status_details.paused.transitioned_at</c>), but Stripe counts it as paused, not as a churned subscriber
    /// (https://support.stripe.com/questions/fresher-billing-analytics-data). <c>pause_collection</c> leaves the status active
    /// ("the subscription status will be unchanged", Stripe.net 53.1.0 Subscription.PauseCollection), so such a subscription
    /// still counts.
    /// Each record's dimension is the subscription's <c>customer</c> ("ID of the customer who owns the subscription",
    /// https://docs.stripe.com/api/subscriptions/object#subscription_object-customer): revenue movements need it to tell a
    /// reactivation (a customer whose earlier subscription ended starts another) from a new customer.
    /// </summary>
    public static IEnumerable<ConnectorRecord> Subscription(Subscription subscription, DateTime now)
    {
        if (subscription.Status is "trialing" or "incomplete" or "incomplete_expired") yield break;
        var started = subscription.StartDate == default ? subscription.Created : subscription.StartDate;
        if (subscription.TrialEnd is { } trialEnd && trialEnd > started) started = trialEnd;
        var ended = Ended(subscription, now);
        if (started > now || ended <= started) yield break;

        var currency = CurrencyMarkers.Of(subscription.Currency ?? "usd");
        var customer = subscription.CustomerId ?? "";
        yield return Record(subscription.Id + ":start", started, customer, ("mrr.new", StripeMrr.Monthly(subscription, started)), ("subscriptions.new", 1), currency);
        var until = ended ?? now;
        foreach (var end in Discounts(subscription).Select(d => d.End).OfType<DateTime>().Where(e => e > started && e <= until).Distinct())
        {
            var change = StripeMrr.Monthly(subscription, end) - StripeMrr.Monthly(subscription, end.AddSeconds(-1));
            yield return Record($"{subscription.Id}:discount-end:{new DateTimeOffset(DateTime.SpecifyKind(end, DateTimeKind.Utc)).ToUnixTimeSeconds()}", end, customer,
                ("mrr.expansion", change), currency);
        }
        if (ended is { } at)
        {
            var churned = subscription.Status == "paused" ? 0 : 1;
            yield return Record(subscription.Id + ":end", at, customer, ("mrr.churned", StripeMrr.Monthly(subscription, at)), ("subscriptions.churned", churned), currency);
        }
    }

    /// <summary>
    /// When the subscription stopped counting towards MRR, or null while it counts. Stripe "considers a subscription delinquent at
    /// the time the subscription transitions to unpaid" (https://support.stripe.com/questions/impact-of-delinquent-subscription-payments-on-monthly-recurring-revenue-mrr-in-billing),
    /// but the subscription object carries no time of that move (its status_details describe only a pause), so an unpaid one
    /// stops counting at the sync that finds it unpaid.
    /// </summary>
    private static DateTime? Ended(Subscription subscription, DateTime now) => subscription.Status switch
    {
        "canceled" => subscription.EndedAt ?? subscription.CanceledAt ?? now,
        "paused" => subscription.StatusDetails?.Paused?.TransitionedAt ?? now,
        "unpaid" => now,
        _ => null,
    };

    private static IEnumerable<Discount> Discounts(Subscription subscription) =>
        (subscription.Discounts ?? []).Concat((subscription.Items?.Data ?? []).SelectMany(i => i.Discounts ?? []));

    public static ConnectorRecord Customer(Customer customer) => Record(customer.Id, customer.Created, ("customers.new", 1));

    private static ConnectorRecord Record(string id, DateTime created, params (string Metric, double Value)[] values) =>
        Record(id, created, "", values);

    private static ConnectorRecord Record(string id, DateTime created, string dimension, params (string Metric, double Value)[] values) =>
        new(id, DateOnly.FromDateTime(created), dimension, values.ToDictionary(v => v.Metric, v => v.Value));
}
