using Stripe;
using WorkPipelines.Domain.Connectors.Stripe;

namespace WorkPipelines.Tests.Domain.Connectors.Stripe;

/// <summary>Stripe amounts per currency (https://docs.stripe.com/currencies) and revenue in the settlement currency.</summary>
public sealed class StripeMoneyTests
{
    [Theory]
    [InlineData("usd", 1999, 19.99)]
    [InlineData("eur", 50, 0.5)]
    [InlineData("jpy", 1999, 1999)]
    [InlineData("JPY", 500, 500)]
    [InlineData("krw", 12000, 12000)]
    [InlineData("vnd", 250000, 250000)]
    [InlineData("xof", 1000, 1000)]
    [InlineData("kwd", 1990, 1.99)]
    [InlineData("bhd", 12340, 12.34)]
    [InlineData("jod", 5000, 5)]
    [InlineData("omr", 1005, 1.005)]
    [InlineData("tnd", 100, 0.1)]
    [InlineData("isk", 500, 5)] // two-decimal in Stripe's API although ISO 4217 says zero
    [InlineData("huf", 12345, 123.45)]
    public void Amounts_are_read_in_the_currency_s_minor_unit(string currency, long amount, double expected) =>
        Assert.Equal(expected, StripeCurrency.ToMajor(amount, currency), precision: 6);

    [Theory]
    [InlineData("""{"id":"ch_1","object":"charge","status":"succeeded","amount":1999,"currency":"usd","created":1767225600}""", 19.99, "usd")]
    [InlineData("""{"id":"ch_2","object":"charge","status":"succeeded","amount":5000,"currency":"jpy","created":1767225600}""", 5000, "jpy")]
    [InlineData("""{"id":"ch_3","object":"charge","status":"succeeded","amount":12340,"currency":"kwd","created":1767225600}""", 12.34, "kwd")]
    // A yen charge on an account that settles in dollars: the balance transaction has the dollars Stripe converted it to.
    [InlineData("""{"id":"ch_4","object":"charge","status":"succeeded","amount":5000,"currency":"jpy","created":1767225600,"balance_transaction":{"id":"txn_4","object":"balance_transaction","amount":3312,"currency":"usd","exchange_rate":0.006624,"fee":126,"net":3186,"type":"charge","created":1767225600}}""", 33.12, "usd")]
    // A dollar charge on an account that settles in dinars.
    [InlineData("""{"id":"ch_5","object":"charge","status":"succeeded","amount":1000,"currency":"usd","created":1767225600,"balance_transaction":{"id":"txn_5","object":"balance_transaction","amount":3070,"currency":"kwd","exchange_rate":0.307,"fee":120,"net":2950,"type":"charge","created":1767225600}}""", 3.07, "kwd")]
    public void A_charge_counts_in_its_settlement_currency(string json, double gross, string currency)
    {
        var record = StripeRecords.Charge(StripeEntity.FromJson<Charge>(json));

        Assert.Equal(gross, record.Values["revenue.gross"], precision: 6);
        Assert.Equal(1, record.Values["currency." + currency]);
        Assert.Single(record.Values.Keys, k => k.StartsWith("currency."));
    }

    [Fact]
    public void A_refund_counts_what_left_the_balance_in_the_settlement_currency()
    {
        var refund = StripeEntity.FromJson<Refund>("""
            {"id":"re_1","object":"refund","amount":5000,"currency":"jpy","created":1767225600,
             "balance_transaction":{"id":"txn_r","object":"balance_transaction","amount":-3300,"currency":"usd","type":"refund","created":1767225600}}
            """);

        var record = StripeRecords.Refund(refund);

        Assert.Equal(33.0, record.Values["revenue.refunds"], precision: 6);
        Assert.Equal(1, record.Values["currency.usd"]);
    }

    [Fact]
    public void A_mixed_currency_account_adds_up_only_in_its_settlement_currency()
    {
        // Charges presented in yen, dollars and dinars on an account that settles in dollars.
        string[] charges =
        [
            """{"id":"a","object":"charge","status":"succeeded","amount":5000,"currency":"jpy","created":1767225600,"balance_transaction":{"id":"t1","object":"balance_transaction","amount":3312,"currency":"usd"}}""",
            """{"id":"b","object":"charge","status":"succeeded","amount":1999,"currency":"usd","created":1767225600,"balance_transaction":{"id":"t2","object":"balance_transaction","amount":1999,"currency":"usd"}}""",
            """{"id":"c","object":"charge","status":"succeeded","amount":10000,"currency":"kwd","created":1767225600,"balance_transaction":{"id":"t3","object":"balance_transaction","amount":32570,"currency":"usd"}}""",
        ];

        var records = charges.Select(c => StripeRecords.Charge(StripeEntity.FromJson<Charge>(c))).ToList();

        Assert.Equal(33.12 + 19.99 + 325.70, records.Sum(r => r.Values["revenue.gross"]), precision: 6);
        Assert.All(records, r => Assert.Equal(["currency.usd"], r.Values.Keys.Where(k => k.StartsWith("currency."))));
    }
}
