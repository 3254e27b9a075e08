namespace WorkPipelines.Domain.Connectors.Stripe;

/// <summary>
/// How many decimals an integer <c>amount</c> of Stripe's API carries, per currency. Source: Stripe, "Supported currencies",
/// sections "Minor units in API amounts", "Zero-decimal currencies", "Three-decimal currencies" and "Special cases"
/// (https://docs.stripe.com/currencies). ISO 4217 gives ISK no decimals, but Stripe keeps ISK two-decimal in its API
/// ("an ISK amount of 100 will continue to represent 1 króna", https://support.stripe.com/questions/deprecation-of-fractional-isk-charges-and-refunds);
/// HUF and TWD are likewise two-decimal amounts for charges. Every other currency is two-decimal.
/// </summary>
public static class StripeCurrency
{
    private static readonly HashSet<string> ZeroDecimal = new(StringComparer.OrdinalIgnoreCase)
    {
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
    };

    private static readonly HashSet<string> ThreeDecimal = new(StringComparer.OrdinalIgnoreCase) { "bhd", "jod", "kwd", "omr", "tnd" };

    /// <summary>The number of decimals in Stripe's integer amounts of <paramref name="currency"/> (ISO code, any case).</summary>
    public static int Exponent(string currency) => ZeroDecimal.Contains(currency) ? 0 : ThreeDecimal.Contains(currency) ? 3 : 2;

    /// <summary>An amount in the currency's minor unit as a number of whole units (1999 usd → 19.99; 1999 jpy → 1999; 1999 kwd → 1.999).</summary>
    public static double ToMajor(long amount, string currency) => (double)(amount / Pow10(Exponent(currency)));

    /// <summary>The same for Stripe's <c>*_decimal</c> fields (fractions of a minor unit, e.g. <c>unit_amount_decimal</c>).</summary>
    public static double ToMajor(decimal amount, string currency) => (double)(amount / Pow10(Exponent(currency)));

    private static decimal Pow10(int exponent) => exponent switch { 0 => 1m, 3 => 1000m, _ => 100m };
}
