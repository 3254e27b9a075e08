using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox.Stripe;

/// <summary>
/// Stripe's REST API as Stripe.net calls it: <c>/v1/charges</c>, <c>/v1/refunds</c> (with their balance transactions
/// in the settlement currency, USD), <c>/v1/customers</c>, <c>/v1/subscriptions</c> (tiered prices, coupons, trials),
/// <c>/v1/prices/{id}</c>, <c>/v1/coupons/{id}</c>, <c>/v1/account</c>; bearer secret key;
/// list objects newest first with <c>limit</c>, <c>starting_after</c> and <c>created[gte]</c>.
/// A sandbox key can be made a restricted key lacking permissions (<see cref="Withhold"/>): each endpoint then answers as Stripe
/// answers such a key (<see cref="PermissionDenied"/>).
/// </summary>
public sealed class StripeSandbox(TimeProvider time) : ISandboxProvider
{
    public string Provider => "stripe";

    // The permission each endpoint needs, as https://docs.stripe.com/keys/permissions-reference lists them (GET /v1/account:
    // connected_account_read; the rest follow its <resource>_read naming, as subscription_read in Stripe's own message below).
    private static readonly (string Path, string Permission)[] Permissions =
    [
        ("/v1/account", "connected_account_read"), ("/v1/charges", "charge_read"), ("/v1/refunds", "refund_read"),
        ("/v1/customers", "customer_read"), ("/v1/subscriptions", "subscription_read"), ("/v1/prices", "price_read"), ("/v1/coupons", "coupon_read"),
    ];

    // Per account (token hash), in memory: which permissions a key lacks is a sandbox setting tests change, like Shopify's scopes.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>> _withheld = new();

    /// <summary>Makes the account's key a restricted key without <paramref name="permissions"/> (none: a full secret key again).</summary>
    public void Withhold(SandboxAccount account, params string[] permissions) => _withheld[account.TokenHash] = permissions;

    /// <summary>
    /// Stripe's answer to a restricted key lacking a permission: 403 (npm stripe 23.1.0 cjs/Error.js makes any 403 a
    /// StripePermissionError) with an invalid_request_error (https://docs.stripe.com/keys/restricted-api-keys) whose message
    /// names the permission, as Stripe words it (github.com/tylerjrichards/st-paywall/issues/36): "The provided key 'rk_test_…'
    /// does not have the required permissions for this endpoint on account 'acct_…'. Having the 'rak_subscription_read'
    /// permission would allow this request to continue."
    /// </summary>
    private IResult? PermissionDenied(HttpContext http)
    {
        var account = http.SandboxAccount();
        if (!_withheld.TryGetValue(account.TokenHash, out var withheld)) return null;
        var path = http.Request.Path.Value ?? "";
        var needed = Permissions.FirstOrDefault(p => path.EndsWith(p.Path, StringComparison.Ordinal) || path.Contains(p.Path + "/", StringComparison.Ordinal)).Permission;
        if (needed is null || !withheld.Contains(needed)) return null;
        var key = ReadToken(http.Request)!;
        return Results.Json(new
        {
            error = new
            {
                type = "invalid_request_error",
                message = $"The provided key 'rk_test_{new string('*', 24)}{key[^4..]}' does not have the required permissions for this endpoint on account " +
                          $"'{AccountId(account)}'. Having the 'rak_{needed}' permission would allow this request to continue.",
            },
        }, statusCode: StatusCodes.Status403Forbidden);
    }

    private static string AccountId(SandboxAccount account) => "acct_" + account.Seed.ToString("x8");

    public string? ReadToken(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { Length: > 7 } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null;

    public IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { type = status == 429 ? "rate_limit_error" : status >= 500 ? "api_error" : "invalid_request_error", code, message } },
            statusCode: status);

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("").AddEndpointFilter((context, next) =>
            PermissionDenied(context.HttpContext) is { } denied ? ValueTask.FromResult<object?>(denied) : next(context));
        group.MapGet("/v1/account", (HttpContext http) => Results.Json(new
        {
            id = AccountId(http.SandboxAccount()), @object = "account", business_profile = new { name = "Sandbox Store" },
            country = "US", default_currency = "usd", charges_enabled = true,
        }));

        // Stripe.net sends expansions as expand[0]=…; an expanded field is an object, otherwise its id.
        group.MapGet("/v1/charges", (HttpContext http) => List(http, "/v1/charges", day => StripeSandboxData.Charges(http.SandboxAccount(), day), c => c.Id, c => c.Created, c => new
        {
            id = c.Id, @object = "charge", amount = c.Presented, amount_captured = c.Succeeded ? c.Presented : 0, amount_refunded = c.PresentedRefund,
            captured = c.Succeeded, created = c.Created, currency = c.Currency, customer = c.Customer, description = $"Order {c.Id[3..]}",
            livemode = false, paid = c.Succeeded, refunded = c.AmountRefunded > 0 && c.AmountRefunded == c.Amount,
            status = c.Succeeded ? "succeeded" : "failed", failure_code = c.Succeeded ? null : "card_declined", metadata = new { },
            balance_transaction = !c.Succeeded ? null : Expands(http, "data.balance_transaction")
                ? BalanceTransaction("txn_" + c.Id[3..], c.Amount, c.ExchangeRate, "charge", c.Id, c.Created) : (object)("txn_" + c.Id[3..]),
        }));

        group.MapGet("/v1/refunds", (HttpContext http) => List(http, "/v1/refunds",
            day => StripeSandboxData.Refunds(http.SandboxAccount(), day, FirstDay(http)), r => r.Id, r => r.Created, r => new
            {
                id = r.Id, @object = "refund", amount = r.Presented, charge = r.Charge, created = r.Created, currency = r.Currency,
                reason = "requested_by_customer", status = "succeeded", metadata = new { },
                balance_transaction = Expands(http, "data.balance_transaction")
                    ? BalanceTransaction("txn_" + r.Id[3..], -r.Amount, null, "refund", r.Id, r.Created) : (object)("txn_" + r.Id[3..]),
            }));

        group.MapGet("/v1/customers", (HttpContext http) => List(http, "/v1/customers", day => StripeSandboxData.Customers(http.SandboxAccount(), day),
            c => c.Id, c => c.Created, c => new { id = c.Id, @object = "customer", created = c.Created, email = c.Email, name = c.Name, livemode = false, metadata = new { } }));

        group.MapGet("/v1/subscriptions", (HttpContext http) =>
        {
            var status = http.Request.Query["status"].ToString();
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            return List(http, "/v1/subscriptions", day => StripeSandboxData.Subscriptions(http.SandboxAccount(), day, Today)
                    .Where(s => status == "all" || s.Status(now) == (status is "" ? "active" : status)).ToList(),
                s => s.Id, s => s.Created, s => Subscription(http, s, now));
        });

        // Tiers are only sent when asked for (expand[]=tiers), as Stripe does.
        group.MapGet("/v1/prices/{id}", (HttpContext http, string id) => StripeSandboxData.Plans.FirstOrDefault(p => p.Id == id) is { } plan
            ? Results.Json(Price(plan, withTiers: Expands(http, "tiers")))
            : Error(404, "resource_missing", $"No such price: '{id}'"));

        group.MapGet("/v1/coupons/{id}", (string id) => id == Coupon20Id ? Results.Json(Coupon20) : Error(404, "resource_missing", $"No such coupon: '{id}'"));
    }

    private const string Coupon20Id = "cpn_20off_forever";

    private static readonly object Coupon20 = new { id = Coupon20Id, @object = "coupon", duration = "forever", percent_off = 20, valid = true, livemode = false };

    private static bool Expands(HttpContext http, string path) =>
        http.Request.Query.Any(q => (q.Key == "expand[]" || q.Key.StartsWith("expand[", StringComparison.Ordinal)) && q.Value.Any(v => v == path));

    private static object BalanceTransaction(string id, long amount, double? exchangeRate, string type, string source, long created)
    {
        var fee = amount > 0 ? (long)Math.Round(amount * 0.029) + 30 : 0;
        return new
        {
            id, @object = "balance_transaction", amount, currency = "usd", exchange_rate = exchangeRate, fee, net = amount - fee,
            type, source, created, available_on = created + 2 * 86_400, status = "available", reporting_category = type,
        };
    }

    // "tiers" is includable: Stripe leaves the field out, not null, unless it is expanded (the stripe package declares it
    // optional, "tiers?: Array<Price.Tier>", in resources/Prices.d.ts of npm stripe 23.1.0; see StripeContractTests).
    private static Dictionary<string, object?> Price(StripeSandboxData.Plan plan, bool withTiers)
    {
        var price = new Dictionary<string, object?>
        {
            ["id"] = plan.Id, ["object"] = "price", ["active"] = true, ["currency"] = "usd", ["type"] = "recurring",
            ["billing_scheme"] = plan.Tiers is null ? "per_unit" : "tiered", ["tiers_mode"] = plan.Tiers is null ? null : "volume",
            ["unit_amount"] = plan.UnitAmount, ["unit_amount_decimal"] = plan.UnitAmount?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["recurring"] = new { interval = plan.Interval, interval_count = 1, usage_type = "licensed" },
        };
        if (withTiers && plan.Tiers is not null) price["tiers"] = plan.Tiers.Select(t => new { up_to = t.UpTo, unit_amount = t.Unit, flat_amount = t.Flat });
        return price;
    }

    private static object Subscription(HttpContext http, StripeSandboxData.Subscription s, long now)
    {
        var discount = s.PercentOff == 0 ? null : new
        {
            id = "di_" + s.Id[4..], @object = "discount", start = s.Created, end = (long?)null, subscription = s.Id,
            source = new { type = "coupon", coupon = Expands(http, "data.discounts.source.coupon") ? (object)Coupon20 : Coupon20Id },
        };
        return new
        {
            id = s.Id, @object = "subscription", created = s.Created, start_date = s.Created, customer = s.Customer, currency = "usd",
            status = s.Status(now), canceled_at = s.CanceledAt, ended_at = s.CanceledAt, livemode = false, metadata = new { },
            trial_start = s.TrialEnd is null ? null : (long?)s.Created, trial_end = s.TrialEnd,
            discounts = discount is null ? [] : new[] { Expands(http, "data.discounts.source.coupon") ? discount : (object)discount.id },
            items = new
            {
                @object = "list", has_more = false, url = $"/v1/subscription_items?subscription={s.Id}",
                data = new[]
                {
                    new
                    {
                        id = "si_" + s.Id[4..], @object = "subscription_item", quantity = s.Quantity, created = s.Created, discounts = Array.Empty<string>(),
                        price = Price(s.Plan, withTiers: false),
                    },
                },
            },
        };
    }

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private DateOnly FirstDay(HttpContext http) => SandboxData.Days(http.SandboxAccount(), Today).First();

    /// <summary>Stripe's list semantics over generated days, walking back from the cursor's day only as far as needed.</summary>
    private IResult List<T>(HttpContext http, string url, Func<DateOnly, IReadOnlyList<T>> day, Func<T, string> id, Func<T, long> created, Func<T, object> json)
    {
        var query = http.Request.Query;
        var limit = int.TryParse(query["limit"], out var l) ? l : 10;
        if (limit is < 1 or > 100) return Error(400, "parameter_invalid_integer", "Invalid integer: limit must be between 1 and 100.");
        long? gte = long.TryParse(query["created[gte]"], out var g) ? g : null;
        long? lte = long.TryParse(query["created[lte]"], out var le) ? le : null;
        var after = query["starting_after"].ToString();
        var account = http.SandboxAccount();
        var days = SandboxData.Days(account, Today).ToList();
        var first = days[0];
        var last = days[^1];
        if (after.Length > 0)
        {
            if (StripeSandboxData.DayOf(after) is not { } afterDay) return Error(400, "resource_missing", $"No such object: '{after}'");
            last = afterDay < last ? afterDay : last;
        }
        if (gte is { } since)
        {
            var sinceDay = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(since).UtcDateTime);
            first = sinceDay > first ? sinceDay : first;
        }

        var page = new List<T>(limit + 1);
        var skipping = after.Length > 0;
        for (var d = last; d >= first && page.Count <= limit; d = d.AddDays(-1))
        {
            foreach (var item in day(d))
            {
                if (skipping)
                {
                    if (id(item) == after) skipping = false;
                    continue;
                }
                if (gte is { } min && created(item) < min) continue;
                if (lte is { } max && created(item) > max) continue;
                page.Add(item);
                if (page.Count > limit) break;
            }
            skipping = false; // the cursor's object was on the cursor's day; older days are all after it
        }
        return Results.Json(new { @object = "list", url, has_more = page.Count > limit, data = page.Take(limit).Select(json) });
    }
}
