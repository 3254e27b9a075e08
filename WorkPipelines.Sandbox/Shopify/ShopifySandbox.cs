using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WorkPipelines.Domain.Connectors;

namespace WorkPipelines.Sandbox.Shopify;

/// <summary>
/// Shopify's GraphQL Admin API: <c>POST /admin/api/{version}/graphql.json</c> with the
/// <c>X-Shopify-Access-Token</c> header. Answers the <c>shop</c>, <c>orders</c> and <c>customers</c>
/// root fields (connections with <c>first</c>/<c>after</c>, <c>query: "updated_at:&gt;=…"</c>, UPDATED_AT
/// order) and charges calculated query cost against a leaky bucket, answering THROTTLED when a
/// query asks for more than is available. Each answer holds exactly the fields the query selects
/// (<see cref="ShopifySelection"/>); otherwise the query is read only as far as the connector needs: the root field,
/// and whether <c>lineItems(first: N)</c>, <c>product</c> and <c>refunds</c> are selected.
/// Access scopes play as in Shopify: the app is granted <see cref="DefaultScopes"/> (not read_products, so a query
/// selecting a product is denied); without read_all_orders only orders created in the last 60 days are answered.
/// The app is reached with its account token (a legacy Admin API token) or with the tokens its client credentials get
/// (<see cref="ShopifySandboxToken"/>).
/// </summary>
public sealed partial class ShopifySandbox(TimeProvider time, SandboxAccounts accounts) : ISandboxProvider, ISandboxTokenEndpoint
{
    /// <summary>The Dev Dashboard app's token endpoint (client-credentials grant) and the tokens it issued.</summary>
    public ShopifySandboxToken Tokens { get; } = new(accounts, time);

    /// <summary>Shopify's one token path serves the app install's authorization code (a code in the form) and the client-credentials grant.</summary>
    public void MapTokenEndpoint(IEndpointRouteBuilder group)
    {
        group.MapPost("/admin/oauth/access_token", async (HttpContext http, OAuth.SandboxOAuth oauth) =>
            http.Request.HasFormContentType && (await http.Request.ReadFormAsync(http.RequestAborted)) is { } form && form.ContainsKey("code")
                && await oauth.TokenAsync(OAuth.SandboxOAuthFormat.Shopify, http, form) is { } answer
                ? answer
                : await Tokens.IssueAsync(http, ScopesOf));
        OAuth.SandboxOAuth.MapEndpoints(group, OAuth.SandboxOAuthFormat.Shopify, withToken: false);
    }

    /// <summary>What the connect form asks the merchant to grant.</summary>
    public static readonly IReadOnlyList<string> DefaultScopes = ["read_orders", "read_all_orders", "read_customers"];

    // https://shopify.dev/docs/api/usage/access-scopes: without read_all_orders, "the default window of orders created within the last 60 days".
    public static readonly TimeSpan RecentOrdersWindow = TimeSpan.FromDays(60);

    // Per account (token hash), in memory: scopes are a sandbox setting tests change, not provider data worth a column.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>> _scopes = new();

    /// <summary>Sets the access scopes the sandbox store granted the app of <paramref name="account"/>.</summary>
    public void Grant(SandboxAccount account, params string[] scopes) => _scopes[account.TokenHash] = scopes;

    private IReadOnlyList<string> ScopesOf(SandboxAccount account) => _scopes.GetValueOrDefault(account.TokenHash) ?? DefaultScopes;

    // The sandbox store is on Shopify Plus (10× the standard plan's bucket and restore rate), so a
    // two-year demo history syncs in minutes; the connector's pacing code is the same either way.
    public const double MaximumAvailable = 20000;
    public const double RestoreRate = 1000;

    private readonly Dictionary<string, (double Available, DateTimeOffset At)> _buckets = [];

    public string Provider => "shopify";

    /// <summary>The sandbox store's myshopify.com domain.</summary>
    public const string ShopDomain = "sandbox-shop.myshopify.com";

    public string? ValueOf(string field, SandboxAccount? account) => field switch
    {
        "shopDomain" => ShopDomain,
        Domain.Connectors.Shopify.ShopifyAppCredentials.ClientIdField when account is not null => ShopifySandboxToken.ClientIdOf(account.TokenHash),
        _ => null,
    };

    // A token the app's client credentials got stands for its account until it expires (then it is refused as Shopify refuses
    // any unknown token); any other token is an account's own, as a legacy shpat_ token is the app's own.
    public string? ReadToken(HttpRequest request) =>
        request.Headers["X-Shopify-Access-Token"].ToString() is { Length: > 0 } token
            ? Tokens.Issued(token) ? Tokens.AccountTokenOf(token) : token
            : null;

    // HTTP-level failures carry a plain "errors" string, e.g. 401 "[API] Invalid API key or access token (unrecognized login or wrong password)".
    public IResult Error(int status, string code, string message) =>
        Results.Json(new { errors = status == 401 ? "[API] Invalid API key or access token (unrecognized login or wrong password)" : message }, statusCode: status);

    public void MapEndpoints(IEndpointRouteBuilder group) =>
        group.MapPost("/admin/api/{version}/graphql.json", GraphQlAsync);

    private async Task<IResult> GraphQlAsync(HttpContext http, string version)
    {
        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            return Results.Json(new { errors = new { query = "Required parameter missing or invalid" } }, statusCode: 400);
        }
        var query = body.TryGetProperty("query", out var q) && q.ValueKind == JsonValueKind.String ? q.GetString()! : "";
        var variables = body.TryGetProperty("variables", out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
        if (ShopifySelection.Parse(query) is not { } document) return GraphQlError("syntax error: the query is not a GraphQL document", "parseError", 0);
        var root = RootField().Match(query);
        if (!root.Success) return GraphQlError("Field must be one of: shop, orders, customers, currentAppInstallation (sandbox)", "undefinedField", 0);

        var account = http.SandboxAccount();
        var scopes = ScopesOf(account);
        if (ProductField().IsMatch(query) && !scopes.Contains("read_products"))
            return AccessDenied("product", "read_products");
        if (root.Groups[1].Value == "currentAppInstallation")
        {
            var cost = Charge(account.TokenHash, 2, 2);
            return Answer(document, new { currentAppInstallation = new { accessScopes = scopes.Select(handle => new { handle }) } }, Extensions(2, 2, cost));
        }
        if (root.Groups[1].Value == "shop")
        {
            var cost = Charge(account.TokenHash, 1, 1);
            return Answer(document, new { shop = new { name = "Sandbox Shop", myshopifyDomain = ShopDomain, currencyCode = "USD" } }, Extensions(1, 1, cost));
        }

        var first = variables.ValueKind == JsonValueKind.Object && variables.TryGetProperty("first", out var f) && f.TryGetInt32(out var n) ? n : 0;
        if (first is < 1 or > 250) return GraphQlError("you must provide one of first or last, between 1 and 250", "argumentLiteralsIncompatible", 0);
        var after = variables.ValueKind == JsonValueKind.Object && variables.TryGetProperty("after", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        var search = variables.ValueKind == JsonValueKind.Object && variables.TryGetProperty("query", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        (long Value, long Id)? position = null;
        if (after is not null)
        {
            if (DecodeCursor(after) is not { } decoded) return GraphQlError($"Invalid cursor for current pagination sort.", "argumentLiteralsIncompatible", 0);
            position = decoded;
        }
        long? since = null;
        if (search is not null && UpdatedSince().Match(search) is { Success: true } m)
        {
            if (!DateTimeOffset.TryParse(m.Groups[2].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                return GraphQlError($"Invalid search query: {search}", "invalidSearchQuery", 0);
            since = at.ToUnixTimeSeconds() + (m.Groups[1].Value == ">" ? 1 : 0);
        }

        var lineFirst = LineItemsFirst().Match(query) is { Success: true } l ? int.Parse(l.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var withRefunds = RefundsField().IsMatch(query);
        var requested = 2 + first * (1 + lineFirst + (withRefunds ? 1 : 0));
        var throttle = Peek(account.TokenHash);
        if (requested > throttle) return Throttled(requested, throttle);

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var days = SandboxData.Days(account, today).ToList();
        var end = ShopifySandboxData.StartOf(days[^1]) + 86_400;
        if (root.Groups[1].Value == "orders")
        {
            var oldest = scopes.Contains("read_all_orders") ? long.MinValue : (time.GetUtcNow() - RecentOrdersWindow).ToUnixTimeSeconds();
            var page = Page(days, since, position, first,
                d => ShopifySandboxData.OrdersUpdatedOn(account, d, days[0], end).Where(o => o.CreatedAt >= oldest).ToList(), o => o.UpdatedAt, o => o.Id);
            var actual = 2 + page.Items.Sum(o => 1 + Math.Min(o.Lines.Count, lineFirst) + (withRefunds ? 1 : 0));
            var cost = Charge(account.TokenHash, requested, actual);
            return Answer(document, new { orders = Connection(page, o => o.UpdatedAt, o => o.Id, o => OrderNode(o, lineFirst, withRefunds)) },
                Extensions(requested, actual, cost));
        }
        else
        {
            var page = Page(days, since, position, first, d => ShopifySandboxData.CustomersCreatedOn(account, d), c => c.UpdatedAt, c => c.Id);
            var actual = 2 + page.Items.Count;
            var cost = Charge(account.TokenHash, requested, actual);
            return Answer(document, new
            {
                customers = Connection(page, c => c.UpdatedAt, c => c.Id, c => (object)new
                {
                    id = $"gid://shopify/Customer/{c.Id}", firstName = c.FirstName, lastName = c.LastName,
                    createdAt = Iso(c.CreatedAt), updatedAt = Iso(c.UpdatedAt),
                }),
            }, Extensions(requested, actual, cost));
        }
    }

    private static object OrderNode(ShopifySandboxData.Order o, int lineFirst, bool withRefunds)
    {
        var node = new Dictionary<string, object?>
        {
            ["id"] = $"gid://shopify/Order/{o.Id}",
            ["name"] = $"#{o.Id % 10_000_000}",
            ["createdAt"] = Iso(o.CreatedAt),
            ["updatedAt"] = Iso(o.UpdatedAt),
            ["totalPriceSet"] = Money(o.Total),
        };
        if (lineFirst > 0)
        {
            node["lineItems"] = new
            {
                nodes = o.Lines.Take(lineFirst).Select(l => new
                {
                    id = $"gid://shopify/LineItem/{l.Id}", title = l.Product, name = l.Product, quantity = l.Quantity, originalTotalSet = Money(l.Total),
                }),
                pageInfo = new { hasNextPage = o.Lines.Count > lineFirst },
            };
        }
        if (withRefunds)
            node["refunds"] = o.Refunds.Select(r => new { id = $"gid://shopify/Refund/{r.Id}", createdAt = Iso(r.CreatedAt), totalRefundedSet = Money(r.Amount) });
        return node;
    }

    /// <summary>Walks days forward from the later of the filter's and the cursor's day, as far as one page needs.</summary>
    private static (List<T> Items, bool HasNext) Page<T>(List<DateOnly> days, long? since, (long Value, long Id)? after, int first,
        Func<DateOnly, IReadOnlyList<T>> day, Func<T, long> value, Func<T, long> id)
    {
        var start = days[0];
        if (since is { } s && DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(s).UtcDateTime) is var sinceDay && sinceDay > start) start = sinceDay;
        if (after is { } c && DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(c.Value).UtcDateTime) is var afterDay && afterDay > start) start = afterDay;
        var items = new List<T>(first + 1);
        for (var d = start; d <= days[^1] && items.Count <= first; d = d.AddDays(1))
        {
            foreach (var item in day(d))
            {
                if (since is { } min && value(item) < min) continue;
                if (after is { } cursor && (value(item), id(item)).CompareTo(cursor) <= 0) continue;
                items.Add(item);
                if (items.Count > first) break;
            }
        }
        return (items.Take(first).ToList(), items.Count > first);
    }

    /// <summary>
    /// The answer as the query selects it (see <see cref="ShopifySelection"/>); a selected field the sandbox does not imitate
    /// is answered as Shopify answers a field it does not know, so the gap shows.
    /// </summary>
    private static IResult Answer(GraphQLParser.AST.GraphQLDocument document, object data, object extensions)
    {
        List<string> missing = [];
        var selected = ShopifySelection.Project(data, document, missing);
        return missing.Count > 0
            ? GraphQlError($"Field '{missing[0]}' doesn't exist (not imitated by the sandbox)", "undefinedField", 0)
            : Results.Json(new { data = selected, extensions });
    }

    private static object Connection<T>((List<T> Items, bool HasNext) page, Func<T, long> value, Func<T, long> id, Func<T, object> node) => new
    {
        edges = page.Items.Select(i => new { cursor = EncodeCursor(value(i), id(i)), node = node(i) }),
        nodes = page.Items.Select(node),
        pageInfo = new
        {
            hasNextPage = page.HasNext, hasPreviousPage = false,
            startCursor = page.Items.Count > 0 ? EncodeCursor(value(page.Items[0]), id(page.Items[0])) : null,
            endCursor = page.Items.Count > 0 ? EncodeCursor(value(page.Items[^1]), id(page.Items[^1])) : null,
        },
    };

    // Shopify's cursors are opaque base64 of {"last_id":…,"last_value":…}.
    private static string EncodeCursor(long value, long id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"last_id":{{id}},"last_value":"{{value}}"}"""));

    private static (long Value, long Id)? DecodeCursor(string cursor)
    {
        try
        {
            using var json = JsonDocument.Parse(Convert.FromBase64String(cursor));
            return (long.Parse(json.RootElement.GetProperty("last_value").GetString()!, CultureInfo.InvariantCulture), json.RootElement.GetProperty("last_id").GetInt64());
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private double Peek(string token)
    {
        lock (_buckets) return Restored(token, time.GetUtcNow());
    }

    /// <summary>Takes the actual cost from the bucket (Shopify reserves the requested cost, then refunds the difference).</summary>
    private double Charge(string token, int requested, int actual)
    {
        lock (_buckets)
        {
            var now = time.GetUtcNow();
            var available = Math.Max(0, Restored(token, now) - actual);
            _buckets[token] = (available, now);
            return available;
        }
    }

    private double Restored(string token, DateTimeOffset now) =>
        _buckets.TryGetValue(token, out var bucket)
            ? Math.Min(MaximumAvailable, bucket.Available + (now - bucket.At).TotalSeconds * RestoreRate)
            : MaximumAvailable;

    private static object Extensions(int requested, int? actual, double available) => new
    {
        cost = new
        {
            requestedQueryCost = requested, actualQueryCost = actual,
            throttleStatus = new { maximumAvailable = MaximumAvailable, currentlyAvailable = Math.Floor(available), restoreRate = RestoreRate },
        },
    };

    private static IResult Throttled(int requested, double available) => Results.Json(new
    {
        errors = new[] { new { message = "Throttled", extensions = new { code = "THROTTLED", documentation = "https://shopify.dev/api/usage/rate-limits" } } },
        extensions = Extensions(requested, null, available),
    });

    // Shopify's answer to a field the app's scopes do not cover (https://shopify.dev/docs/api/usage/access-scopes).
    private static IResult AccessDenied(string field, string scope) => Results.Json(new
    {
        errors = new[]
        {
            new
            {
                message = $"Access denied for {field} field. Required access: `{scope}` access scope.",
                extensions = new { code = "ACCESS_DENIED", documentation = "https://shopify.dev/api/usage/access-scopes", requiredAccess = $"`{scope}` access scope." },
            },
        },
        data = (object?)null,
    });

    private static IResult GraphQlError(string message, string code, int requested) => Results.Json(new
    {
        errors = new[] { new { message, extensions = new { code } } },
        extensions = Extensions(requested, requested, MaximumAvailable),
    });

    private static object Money(decimal amount) =>
        new { shopMoney = new { amount = amount.ToString("0.00", CultureInfo.InvariantCulture), currencyCode = "USD" } };

    private static string Iso(long unix) => DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*(?:query\b[^{]*)?\{\s*(shop|orders|customers|currentAppInstallation)\b")]
    private static partial Regex RootField();

    [GeneratedRegex(@"updated_at:\s*(>=?)\s*['""]?([^'""\s]+)")]
    private static partial Regex UpdatedSince();

    [GeneratedRegex(@"lineItems\s*\(\s*first\s*:\s*(\d+)")]
    private static partial Regex LineItemsFirst();

    [GeneratedRegex(@"\bproduct\s*\{")]
    private static partial Regex ProductField();

    [GeneratedRegex(@"\brefunds\b")]
    private static partial Regex RefundsField();
}
