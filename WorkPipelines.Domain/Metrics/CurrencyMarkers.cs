namespace WorkPipelines.Domain.Metrics;

/// <summary>
/// Which currency a record's amounts are in. A connector that reads money counts <c>currency.&lt;code&gt;</c> = 1 on each
/// money record; the dashboard reads the codes per source, shows money in its currency and never adds two currencies.
/// </summary>
public static class CurrencyMarkers
{
    /// <summary>The metric name prefix; the rest is the ISO 4217 code in lower case.</summary>
    public const string Prefix = "currency.";

    /// <summary>The marker of <paramref name="currency"/> (an ISO 4217 code in any case), ready to add to a record's values.</summary>
    public static (string Metric, double Value) Of(string currency) => (Prefix + currency.ToLowerInvariant(), 1);

    /// <summary>The ISO code of a marker metric, upper case ("currency.eur" → "EUR").</summary>
    public static string CodeOf(string metric) => metric[Prefix.Length..].ToUpperInvariant();
}
