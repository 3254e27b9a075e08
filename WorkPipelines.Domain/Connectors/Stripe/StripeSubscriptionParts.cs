using Stripe;

namespace WorkPipelines.Domain.Connectors.Stripe;

/// <summary>
/// What a subscription list cannot expand (more than four levels deep): the tiers of a tiered price
/// (<c>GET /v1/prices/{id}?expand[]=tiers</c>; "tiers … This field is not included by default. To include it in the response,
/// expand the tiers field", https://docs.stripe.com/api/prices/object#price_object-tiers) and the coupons of item discounts
/// (<c>GET /v1/coupons/{id}</c>). Each price or coupon is read once per page.
/// </summary>
internal static class StripeSubscriptionParts
{
    public static async Task CompleteAsync(IStripeClient client, IEnumerable<Subscription> subscriptions, CancellationToken cancellationToken)
    {
        var prices = new Dictionary<string, Price>();
        var coupons = new Dictionary<string, Coupon>();
        foreach (var item in subscriptions.SelectMany(s => s.Items?.Data ?? []))
        {
            if (item.Price is { BillingScheme: "tiered", Tiers: null } price)
            {
                if (!prices.TryGetValue(price.Id, out var full))
                {
                    full = await StripeCalls.RunAsync(() => new PriceService(client).GetAsync(price.Id, new PriceGetOptions { Expand = ["tiers"] }, null, cancellationToken));
                    prices[price.Id] = full;
                }
                item.Price = full;
            }
            foreach (var discount in item.Discounts ?? [])
            {
                if (discount.Source is not { Coupon: null, CouponId: { } couponId }) continue;
                if (!coupons.TryGetValue(couponId, out var coupon))
                {
                    coupon = await StripeCalls.RunAsync(() => new CouponService(client).GetAsync(couponId, null, null, cancellationToken));
                    coupons[couponId] = coupon;
                }
                discount.Source.Coupon = coupon;
            }
        }
    }
}
