using System.Text.RegularExpressions;

namespace WorkPipelines.Domain.Connectors.Stripe;

/// <summary>
/// What a restricted key (rk_live_…) needs to sync, and how a missing permission is named. A key lacking one is answered
/// 403 (npm stripe 23.1.0, cjs/Error.js: "if (statusCode === 403) return new StripePermissionError") with an
/// invalid_request_error (https://docs.stripe.com/keys/restricted-api-keys: "Stripe returns an invalid request error") whose
/// message names it: "The provided key 'rk_test_…' does not have the required permissions for this endpoint on account
/// 'acct_…'. Having the 'rak_subscription_read' permission would allow this request to continue." (as reported in
/// github.com/tylerjrichards/st-paywall/issues/36).
/// </summary>
public static partial class StripePermissions
{
    /// <summary>Where the key's permissions are changed, in the Dashboard's words.</summary>
    public const string WhereToEdit = "Stripe Dashboard → Developers → API keys → Restricted keys → your key → ⋯ → Edit";

    /// <summary>
    /// Read on each resource the sync reads: customers, charges and refunds with their balance transactions (settlement
    /// amounts), subscriptions with their discounts, and the prices (tiers) and coupons of those subscriptions.
    /// </summary>
    public const string Guide =
        "Create it in the Stripe Dashboard → Developers → API keys → Create restricted key, and give it Read (and nothing more) on: " +
        "Customers, Charges, Refunds, Balance transaction sources, Subscriptions, Prices, Products and Coupons; leave everything else None. " +
        "Work Pipelines only reads.";

    /// <summary>The permission a 403's message names ("subscription_read"), or null; only an identifier is taken from it.</summary>
    public static string? MissingIn(string? message) =>
        message is not null && Named().Match(message) is { Success: true } m ? m.Groups["permission"].Value : null;

    /// <summary>The refusal for a key lacking <paramref name="permissions"/>, naming each and where to add it.</summary>
    public static string Refusal(IReadOnlyCollection<string> permissions) =>
        $"this restricted key lacks {string.Join(" and ", permissions.Select(p => $"the {p} permission ({Resource(p)}: Read)"))}; " +
        $"add {(permissions.Count > 1 ? "them" : "it")} in {WhereToEdit}, then reconnect.";

    // "subscription_read" → "Subscriptions", as the Dashboard's list of resources names it.
    private static string Resource(string permission)
    {
        var noun = permission.EndsWith("_read", StringComparison.Ordinal) ? permission[..^5] : permission;
        var words = noun.Replace('_', ' ');
        return char.ToUpperInvariant(words[0]) + words[1..] + (words.EndsWith('s') ? "" : "s");
    }

    [GeneratedRegex(@"Having the '(?:rak_)?(?<permission>[a-z_]{1,60})' permission")]
    private static partial Regex Named();
}
