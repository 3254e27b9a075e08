using Stripe;
using WorkPipelines.Domain.Connectors.Stripe;

namespace WorkPipelines.Tests.Domain.Connectors.Stripe;

/// <summary>MRR as Stripe defines it (https://docs.stripe.com/billing/subscriptions/analytics/glossary), one subscription at a time.</summary>
public sealed class StripeMrrTests
{
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    private const string Monthly2900 = """{"id":"p","object":"price","currency":"usd","billing_scheme":"per_unit","unit_amount":2900,"recurring":{"interval":"month","interval_count":1,"usage_type":"licensed"}}""";
    private const string Yearly120000 = """{"id":"p","object":"price","currency":"usd","billing_scheme":"per_unit","unit_amount":120000,"recurring":{"interval":"year","interval_count":1,"usage_type":"licensed"}}""";

    private const string Volume = """
        {"id":"p","object":"price","currency":"usd","billing_scheme":"tiered","tiers_mode":"volume","unit_amount":null,
         "recurring":{"interval":"month","interval_count":1,"usage_type":"licensed"},
         "tiers":[{"up_to":5,"unit_amount":1000,"flat_amount":null},{"up_to":null,"unit_amount":800,"flat_amount":2000}]}
        """;

    private const string Graduated = """
        {"id":"p","object":"price","currency":"usd","billing_scheme":"tiered","tiers_mode":"graduated","unit_amount":null,
         "recurring":{"interval":"month","interval_count":1,"usage_type":"licensed"},
         "tiers":[{"up_to":5,"unit_amount":1000,"flat_amount":500},{"up_to":null,"unit_amount":800,"flat_amount":null}]}
        """;

    [Theory]
    // price, interval override (interval/count), quantity, expected MRR in dollars
    [InlineData(Monthly2900, null, 0, 1, 29.0)]
    [InlineData(Monthly2900, null, 0, 3, 87.0)]
    [InlineData(Monthly2900, "month", 3, 1, 29.0 / 3)]
    [InlineData(Yearly120000, null, 0, 1, 100.0)]
    [InlineData(Yearly120000, "year", 2, 1, 50.0)]
    [InlineData(Monthly2900, "week", 1, 1, 29 * 52 / 12.0)]
    [InlineData(Monthly2900, "week", 2, 1, 29 * 52 / 12.0 / 2)]
    [InlineData(Monthly2900, "day", 1, 1, 29 * 365 / 12.0)]
    // Volume: the whole quantity at the tier it reaches (4 × $10; 8 × $8 + $20 flat).
    [InlineData(Volume, null, 0, 4, 40.0)]
    [InlineData(Volume, null, 0, 8, 84.0)]
    // Graduated: 5 × $10 + $5 flat, then 3 × $8.
    [InlineData(Graduated, null, 0, 3, 35.0)]
    [InlineData(Graduated, null, 0, 8, 79.0)]
    public void An_item_counts_quantity_times_price_per_month(string price, string? interval, long count, long quantity, double expected)
    {
        var json = interval is null ? price : price.Replace("\"interval\":\"month\",\"interval_count\":1", $"\"interval\":\"{interval}\",\"interval_count\":{count}")
            .Replace("\"interval\":\"year\",\"interval_count\":1", $"\"interval\":\"{interval}\",\"interval_count\":{count}");
        var subscription = Subscription("active", Item(json, quantity));

        Assert.Equal(expected, StripeMrr.Monthly(subscription, Now), precision: 6);
    }

    [Fact]
    public void Metered_prices_add_nothing()
    {
        var metered = Monthly2900.Replace("licensed", "metered");
        Assert.Equal(29.0, StripeMrr.Monthly(Subscription("active", Item(Monthly2900, 1), Item(metered, 1)), Now), precision: 6);
    }

    [Theory]
    // coupon, discount end (days after start; null = none), moment (days after start), expected MRR
    [InlineData("""{"id":"c","object":"coupon","duration":"forever","percent_off":25}""", null, 30, 75.0)]
    [InlineData("""{"id":"c","object":"coupon","duration":"forever","amount_off":1000,"currency":"usd"}""", null, 30, 90.0)]
    [InlineData("""{"id":"c","object":"coupon","duration":"repeating","duration_in_months":3,"percent_off":50}""", 90, 30, 50.0)]
    [InlineData("""{"id":"c","object":"coupon","duration":"repeating","duration_in_months":3,"percent_off":50}""", 90, 120, 100.0)]
    [InlineData("""{"id":"c","object":"coupon","duration":"once","percent_off":50}""", null, 0, 100.0)]
    [InlineData("""{"id":"c","object":"coupon","duration":"forever","amount_off":50000,"currency":"usd"}""", null, 30, 0.0)]
    public void Discounts_count_while_they_apply(string coupon, int? endDays, int atDays, double expected)
    {
        var subscription = Subscription("active", Item(Monthly2900.Replace("2900", "10000"), 1));
        subscription.Discounts = [Discount(coupon, endDays)];

        Assert.Equal(expected, StripeMrr.Monthly(subscription, Start.AddDays(atDays)), precision: 6);
    }

    [Fact]
    public void Zero_decimal_prices_are_not_divided()
    {
        var subscription = Subscription("active", Item(Monthly2900.Replace("\"usd\"", "\"jpy\"").Replace("2900", "4980"), 1));
        subscription.Currency = "jpy";

        Assert.Equal(4980.0, StripeMrr.Monthly(subscription, Now), precision: 6);
    }

    [Theory]
    // status, trial days, canceled after days (null = not), expected new / churned / expansion
    [InlineData("active", 0, null, 29.0, 0.0)]
    [InlineData("past_due", 0, null, 29.0, 0.0)]
    [InlineData("trialing", 0, null, 0.0, 0.0)]
    [InlineData("incomplete", 0, null, 0.0, 0.0)]
    [InlineData("active", 14, null, 29.0, 0.0)]
    [InlineData("canceled", 0, 40, 29.0, 29.0)]
    [InlineData("canceled", 14, 10, 0.0, 0.0)] // canceled inside its trial: never paid
    public void Trials_and_cancellations_move_mrr_when_they_happen(string status, int trialDays, int? canceledAfter, double added, double churned)
    {
        var subscription = Subscription(status, Item(Monthly2900, 1));
        if (trialDays > 0) (subscription.TrialStart, subscription.TrialEnd) = (Start, Start.AddDays(trialDays));
        if (canceledAfter is { } days) (subscription.CanceledAt, subscription.EndedAt) = (Start.AddDays(days), Start.AddDays(days));

        var records = StripeRecords.Subscription(subscription, Now).ToList();

        Assert.Equal(added, records.Sum(r => r.Values.GetValueOrDefault("mrr.new")), precision: 6);
        Assert.Equal(churned, records.Sum(r => r.Values.GetValueOrDefault("mrr.churned")), precision: 6);
        if (added > 0) Assert.Equal(DateOnly.FromDateTime(Start.AddDays(trialDays)), records.Single(r => r.Values.ContainsKey("mrr.new")).Date);
    }

    [Theory]
    // status, paused after days (status_details.paused.transitioned_at), pause_collection set, expected churned MRR and subscribers, churn day
    // (days after start; -1 = the sync's day). Stripe: MRR counts active and past_due; canceled or unpaid is churn; paused is not churn.
    [InlineData("unpaid", null, false, 29.0, 1, -1)]
    [InlineData("paused", 60, false, 29.0, 0, 60)]
    [InlineData("active", null, true, 0.0, 0, 0)] // pause_collection leaves the status active: it still counts
    [InlineData("past_due", null, false, 0.0, 0, 0)]
    public void Unpaid_and_paused_subscriptions_stop_counting_as_Stripe_defines_MRR(string status, int? pausedAfter, bool collectionPaused,
        double churnedMrr, int churnedSubscribers, int churnDay)
    {
        var subscription = Subscription(status, Item(Monthly2900, 1));
        if (pausedAfter is { } days)
        {
            subscription.StatusDetails = StripeEntity.FromJson<SubscriptionStatusDetails>($$"""
                {"paused":{"transitioned_at":{{Seconds(Start.AddDays(days))}},"type":"subscription","subscription":{"type":"pause_requested"} } }
                """);
        }
        if (collectionPaused) subscription.PauseCollection = StripeEntity.FromJson<SubscriptionPauseCollection>("""{"behavior":"void","resumes_at":null}""");

        var records = StripeRecords.Subscription(subscription, Now).ToList();

        Assert.Equal(29.0, records.Sum(r => r.Values.GetValueOrDefault("mrr.new")), precision: 6);
        Assert.Equal(churnedMrr, records.Sum(r => r.Values.GetValueOrDefault("mrr.churned")), precision: 6);
        Assert.Equal(churnedSubscribers, records.Sum(r => r.Values.GetValueOrDefault("subscriptions.churned")));
        if (churnedMrr > 0)
            Assert.Equal(DateOnly.FromDateTime(churnDay < 0 ? Now : Start.AddDays(churnDay)), records.Single(r => r.ExternalId == "sub_1:end").Date);
    }

    [Fact]
    public void A_repeating_discount_ending_raises_mrr_on_its_end_day_and_churn_takes_the_full_amount()
    {
        var subscription = Subscription("canceled", Item(Monthly2900.Replace("2900", "10000"), 1));
        subscription.Discounts = [Discount("""{"id":"c","object":"coupon","duration":"repeating","duration_in_months":3,"percent_off":50}""", 90)];
        (subscription.CanceledAt, subscription.EndedAt) = (Start.AddDays(200), Start.AddDays(200));

        var records = StripeRecords.Subscription(subscription, Now).ToList();

        Assert.Equal(50.0, records.Single(r => r.ExternalId == "sub_1:start").Values["mrr.new"], precision: 6);
        var expansion = records.Single(r => r.Values.ContainsKey("mrr.expansion"));
        Assert.Equal((50.0, DateOnly.FromDateTime(Start.AddDays(90))), (expansion.Values["mrr.expansion"], expansion.Date));
        Assert.Equal(100.0, records.Single(r => r.ExternalId == "sub_1:end").Values["mrr.churned"], precision: 6);
    }

    private static SubscriptionItem Item(string price, long quantity) =>
        StripeEntity.FromJson<SubscriptionItem>($$"""{"id":"si","object":"subscription_item","quantity":{{quantity}},"price":{{price}}}""");

    private static Subscription Subscription(string status, params SubscriptionItem[] items)
    {
        var subscription = StripeEntity.FromJson<Subscription>($$"""
            {"id":"sub_1","object":"subscription","status":"{{status}}","currency":"usd","created":{{Seconds(Start)}},"start_date":{{Seconds(Start)}},
             "items":{"object":"list","data":[],"has_more":false} }
            """);
        subscription.Items.Data = [.. items];
        return subscription;
    }

    private static Discount Discount(string coupon, int? endDays) => StripeEntity.FromJson<Discount>($$"""
        {"id":"di_1","object":"discount","start":{{Seconds(Start)}},"end":{{(endDays is { } d ? Seconds(Start.AddDays(d)).ToString() : "null")}},
         "source":{"type":"coupon","coupon":{{coupon}} } }
        """);

    private static long Seconds(DateTime at) => new DateTimeOffset(at).ToUnixTimeSeconds();
}
