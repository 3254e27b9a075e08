using Stripe;

namespace WorkPipelines.Domain.Connectors.Stripe;

/// <summary>
/// MRR as Stripe's Billing analytics define it: "the sum of the monthly-normalized value of all your active and past_due
/// subscriptions", excluding trials, taxes, free plans and metered (usage-based) prices
/// (https://docs.stripe.com/billing/subscriptions/analytics/glossary). Per subscription item: quantity × price, with tiered
/// prices computed from their tiers (https://docs.stripe.com/products-prices/pricing-models#tiered-pricing); discounts
/// count while they apply: a <c>forever</c> coupon always, a <c>repeating</c> one until the discount's <c>end</c>, a
/// <c>once</c> coupon never (it discounts one invoice, not the recurring amount; Stripe's MRR counts neither
/// finite coupon by default: https://support.stripe.com/questions/billing-analytics). Field names as in Stripe.net 53.1.0
/// (Price.BillingScheme/TiersMode/Tiers, PriceRecurring.UsageType, Discount.Source.Coupon).
/// </summary>
public static class StripeMrr
{
    /// <summary>The subscription's MRR at <paramref name="at"/>, in whole units of its currency.</summary>
    public static double Monthly(Subscription subscription, DateTime at)
    {
        var items = subscription.Items?.Data ?? [];
        var monthly = items.Sum(item => Discounted(ItemMonthly(item), item.Discounts, at, item.Price?.Recurring));
        var recurring = items.Select(i => i.Price?.Recurring).FirstOrDefault(r => r is not null && r.UsageType != "metered");
        monthly = Discounted(monthly, subscription.Discounts, at, recurring);
        return StripeCurrency.ToMajor(monthly, subscription.Currency ?? "usd");
    }

    /// <summary>One item's recurring amount per month, in minor units; 0 for metered or one-off prices.</summary>
    public static decimal ItemMonthly(SubscriptionItem item) =>
        item.Price is { Recurring: { } recurring } price && recurring.UsageType != "metered"
            ? PerMonth(PerPeriod(price, item.Quantity), recurring)
            : 0;

    /// <summary>What <paramref name="quantity"/> units cost for one billing period, in minor units.</summary>
    public static decimal PerPeriod(Price price, long quantity)
    {
        if (price.BillingScheme != "tiered") return quantity * (price.UnitAmountDecimal ?? price.UnitAmount ?? 0);
        var tiers = price.Tiers ?? [];
        if (price.TiersMode == "volume")
        {
            // The whole quantity is priced at the tier it falls into.
            var tier = tiers.FirstOrDefault(t => t.UpTo is null || quantity <= t.UpTo) ?? tiers.LastOrDefault();
            return tier is null ? 0 : quantity * Unit(tier) + Flat(tier);
        }
        // Graduated: each tier prices the units that fall into it, and adds its flat amount once it is reached.
        decimal total = 0;
        long below = 0;
        foreach (var tier in tiers)
        {
            if (quantity <= below) break;
            var inTier = Math.Max(0, Math.Min(quantity, tier.UpTo ?? long.MaxValue) - below);
            total += inTier * Unit(tier) + Flat(tier);
            if (tier.UpTo is not { } upTo) break;
            below = upTo;
        }
        return total;
    }

    /// <summary>A billing period's amount as a month: a year is 12 months, a week 52/12 of a month, a day 365/12.</summary>
    public static decimal PerMonth(decimal perPeriod, PriceRecurring recurring)
    {
        var count = Math.Max(1, recurring.IntervalCount);
        return recurring.Interval switch
        {
            "year" => perPeriod / 12m / count,
            "week" => perPeriod * 52m / 12m / count,
            "day" => perPeriod * 365m / 12m / count,
            _ => perPeriod / count,
        };
    }

    /// <summary>True when the discount lowers recurring revenue at <paramref name="at"/>.</summary>
    public static bool Applies(Discount discount, DateTime at) =>
        discount.Source?.Coupon is { } coupon && discount.Start <= at && coupon.Duration switch
        {
            "forever" => true,
            "repeating" => discount.End is null || discount.End > at,
            _ => false,
        };

    private static decimal Discounted(decimal monthly, List<Discount>? discounts, DateTime at, PriceRecurring? period)
    {
        foreach (var discount in discounts ?? [])
        {
            if (!Applies(discount, at)) continue;
            var coupon = discount.Source.Coupon;
            // percent_off scales the amount; amount_off comes off each invoice, i.e. once per billing period.
            if (coupon.PercentOff is { } percent) monthly *= 1 - percent / 100m;
            else if (coupon.AmountOff is { } off) monthly -= period is null ? off : PerMonth(off, period);
        }
        return Math.Max(0, monthly);
    }

    private static decimal Unit(PriceTier tier) => tier.UnitAmountDecimal ?? tier.UnitAmount ?? 0;

    private static decimal Flat(PriceTier tier) => tier.FlatAmountDecimal ?? tier.FlatAmount ?? 0;
}
