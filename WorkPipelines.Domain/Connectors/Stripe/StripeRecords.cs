using Stripe;

namespace WorkPipelines.Domain.Connectors.Stripe;

/// <summary>
/// Stripe objects as records. Money is read from the charge's or refund's balance transaction when Stripe has made one:
/// its <c>amount</c> is in the account's settlement currency, already converted at <c>exchange_rate</c>
/// (https://docs.stripe.com/api/balance_transactions/object; "If the charge currency differs from your settlement currency,
/// Stripe converts the charge to your settlement currency", https://docs.stripe.com/currencies). Every money record also
/// counts <c>currency.&lt;code&gt;</c>, so a panel knows which currency its amounts are in and never adds two currencies.
/// </summary>
public static class StripeRecords
{
    /// <summary>The metric that says which currency a record's amounts are in.</summary>
    public const string CurrencyPrefix = "currency.";

    public static ConnectorRecord Charge(Charge charge)
    {
        if (charge.Status != "succeeded") return Record(charge.Id, charge.Created, ("charges.failed", 1));
        var (amount, currency) = charge.BalanceTransaction is { } settled ? (settled.Amount, settled.Currency) : (charge.Amount, charge.Currency);
        return Record(charge.Id, charge.Created, ("revenue.gross", StripeCurrency.ToMajor(amount, currency)), ("orders.count", 1), (CurrencyPrefix + currency, 1));
    }

    public static ConnectorRecord Refund(Refund refund)
    {
        // A refund's balance transaction takes money out: its amount is negative.
        var (amount, currency) = refund.BalanceTransaction is { } settled ? (-settled.Amount, settled.Currency) : (refund.Amount, refund.Currency);
        return Record(refund.Id, refund.Created, ("revenue.refunds", StripeCurrency.ToMajor(amount, currency)), ("refunds.count", 1), (CurrencyPrefix + currency, 1));
    }

    /// <summary>
    /// A subscription's MRR movements up to <paramref name="now"/>: new when it starts paying (after any trial), an expansion
    /// when a repeating discount ends, churn when it ends. One that never left its trial or never became active adds nothing.
    /// </summary>
    public static IEnumerable<ConnectorRecord> Subscription(Subscription subscription, DateTime now)
    {
        if (subscription.Status is "trialing" or "incomplete" or "incomplete_expired") yield break;
        var started = subscription.StartDate == default ? subscription.Created : subscription.StartDate;
        if (subscription.TrialEnd is { } trialEnd && trialEnd > started) started = trialEnd;
        DateTime? ended = subscription.Status == "canceled" ? subscription.EndedAt ?? subscription.CanceledAt ?? now : null;
        if (started > now || ended <= started) yield break;

        var currency = (CurrencyPrefix + (subscription.Currency ?? "usd"), 1.0);
        yield return Record(subscription.Id + ":start", started, ("mrr.new", StripeMrr.Monthly(subscription, started)), ("subscriptions.new", 1), currency);
        var until = ended ?? now;
        foreach (var end in Discounts(subscription).Select(d => d.End).OfType<DateTime>().Where(e => e > started && e <= until).Distinct())
        {
            var change = StripeMrr.Monthly(subscription, end) - StripeMrr.Monthly(subscription, end.AddSeconds(-1));
            yield return Record($"{subscription.Id}:discount-end:{new DateTimeOffset(DateTime.SpecifyKind(end, DateTimeKind.Utc)).ToUnixTimeSeconds()}", end,
                ("mrr.expansion", change), currency);
        }
        if (ended is { } at)
            yield return Record(subscription.Id + ":end", at, ("mrr.churned", StripeMrr.Monthly(subscription, at)), ("subscriptions.churned", 1), currency);
    }

    private static IEnumerable<Discount> Discounts(Subscription subscription) =>
        (subscription.Discounts ?? []).Concat((subscription.Items?.Data ?? []).SelectMany(i => i.Discounts ?? []));

    public static ConnectorRecord Customer(Customer customer) => Record(customer.Id, customer.Created, ("customers.new", 1));

    private static ConnectorRecord Record(string id, DateTime created, params (string Metric, double Value)[] values) =>
        new(id, DateOnly.FromDateTime(created), "", values.ToDictionary(v => v.Metric, v => v.Value));
}
