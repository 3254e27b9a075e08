using System.Globalization;
using System.Text.Json;
using WorkPipelines.Domain.Metrics;

namespace WorkPipelines.Domain.Connectors.Shopify;

/// <summary>
/// Shopify through the GraphQL Admin API. Orders are read in UPDATED_AT order, so a refund
/// (which updates its order) shows up in the next incremental pass; each stream's cursor keeps
/// the pass's <c>endCursor</c> and the newest <c>updatedAt</c> seen, from which the next sync filters
/// with <c>updated_at:&gt;=</c>. Orders, their line items and their refunds are three streams over the
/// same query so each keeps its own checkpoint and its own metrics.
/// </summary>
public sealed class ShopifyConnector : IConnector
{
    public const string Key = "shopify";

    // lineItems(first: 30) on 25 orders keeps a page's requested cost (2 + 25 × 31 = 777) under Shopify's 1,000 single-query limit.
    private const int LinesPerOrder = 30;

    // Revenue in the shop's own currency: a MoneyBag's shopMoney is "the equivalent in the shop's base currency", presentmentMoney
    // the customer's (https://shopify.dev/docs/api/admin-graphql/2026-10/objects/MoneyBag); MoneyV2 is a Decimal amount in major
    // units, serialised as a string, with its currencyCode (https://shopify.dev/docs/api/admin-graphql/2026-10/objects/MoneyV2).
    private const string ShopMoney = "shopMoney { amount currencyCode }";

    private readonly ShopifyGraphQl _graphQl;

    public ShopifyConnector(TimeProvider time)
    {
        _graphQl = new ShopifyGraphQl(time);
        Streams =
        [
            new ShopifyStream(_graphQl, "orders", "orders", 100, 1, $"id createdAt updatedAt totalPriceSet {{ {ShopMoney} }}", OrderRecords),
            new ShopifyStream(_graphQl, "line_items", "orders", 25, 1 + LinesPerOrder,
                $"id createdAt updatedAt lineItems(first: {LinesPerOrder}) {{ nodes {{ id title quantity originalTotalSet {{ {ShopMoney} }} }} pageInfo {{ hasNextPage }} }}",
                LineItemRecords),
            new ShopifyStream(_graphQl, "refunds", "orders", 100, 2, $"id updatedAt refunds {{ id createdAt totalRefundedSet {{ {ShopMoney} }} }}", RefundRecords),
            new ShopifyStream(_graphQl, "customers", "customers", 100, 1, "id createdAt updatedAt", CustomerRecords),
        ];
    }

    public string Provider => Key;

    public IReadOnlyList<IConnectorStream> Streams { get; }

    /// <summary>
    /// The token works and holds the scopes the sync needs: each missing one is named, with where to add it, before the first
    /// sync fails on it. The granted scopes are <c>currentAppInstallation.accessScopes</c>, the same for either kind of token
    /// (https://shopify.dev/docs/api/admin-graphql/latest/queries/currentAppInstallation).
    /// </summary>
    public async Task VerifyAsync(ConnectorSession session, CancellationToken cancellationToken)
    {
        var granted = await GrantedScopesAsync(session, cancellationToken);
        var missing = ShopifyGraphQl.RequiredScopes.Where(s => !granted.Contains(s)).ToList();
        if (missing.Count == 0) return;
        var lacks = string.Join(" and ", missing);
        throw new ConnectorAuthException(ShopifyAppCredentials.UsesAppCredentials(session)
            ? $"this app lacks {lacks}: add {(missing.Count > 1 ? "them" : "it")} under Access in a new version of the app in Shopify's Dev Dashboard, " +
              "release that version (approve it on the shop if Shopify asks), then reconnect."
            : $"this token lacks {lacks}: add {(missing.Count > 1 ? "them" : "it")} to the app's Admin API scopes in the shop admin " +
              "(Settings → Apps → Develop apps → your app → Configuration), save, then reconnect.");
    }

    /// <summary>
    /// Without read_all_orders Shopify answers only the orders created in the last 60 days, silently; the granted scopes are
    /// in <c>currentAppInstallation.accessScopes</c> (https://shopify.dev/docs/api/admin-graphql/latest/queries/currentAppInstallation).
    /// </summary>
    public async Task<string?> CoverageNoticeAsync(ConnectorSession session, CancellationToken cancellationToken) =>
        (await GrantedScopesAsync(session, cancellationToken)).Contains(MissingHistoryScope) ? null
            : $"Only the last 60 days of orders were synced: grant {MissingHistoryScope} to the app (its access token) and reconnect to sync older orders.";

    private async Task<HashSet<string?>> GrantedScopesAsync(ConnectorSession session, CancellationToken cancellationToken)
    {
        var response = await _graphQl.QueryAsync(session, "query { currentAppInstallation { accessScopes { handle } } }", new { }, 2, cancellationToken);
        return response.Data?.GetValueOrDefault("currentAppInstallation") is { ValueKind: JsonValueKind.Object } installation
               && installation.TryGetProperty("accessScopes", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(s => s.TryGetProperty("handle", out var h) ? h.GetString() : null).ToHashSet()
            : throw new ConnectorDataException("shopify: the answer has no currentAppInstallation.accessScopes");
    }

    private const string MissingHistoryScope = "read_all_orders";

    // Orders and refunds count their currency's marker, so a panel never adds a USD shop to a EUR Stripe account.
    private static IEnumerable<ConnectorRecord> OrderRecords(JsonElement order)
    {
        var (amount, currency) = Money(order.GetProperty("totalPriceSet"));
        return [Record(Id(order), Day(order, "createdAt"), "", ("revenue.gross", amount), ("orders.count", 1), CurrencyMarkers.Of(currency))];
    }

    private static IEnumerable<ConnectorRecord> LineItemRecords(JsonElement order)
    {
        var lines = order.GetProperty("lineItems");
        if (lines.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean())
            throw new FormatException($"it has more than {LinesPerOrder} line items, more than one page reads");
        var day = Day(order, "createdAt");
        // LineItem.title is "the title of the product at time of order creation" and needs only read_orders; the line's
        // product would need read_products, and is null for custom items and deleted products anyway
        // (https://shopify.dev/docs/api/admin-graphql/latest/objects/LineItem).
        return lines.GetProperty("nodes").EnumerateArray()
            .Select(line => Record(Id(line), day, line.GetProperty("title").GetString() ?? "", ("sales.product", Money(line.GetProperty("originalTotalSet")).Amount)))
            .ToList();
    }

    private static IEnumerable<ConnectorRecord> RefundRecords(JsonElement order) =>
        order.GetProperty("refunds").EnumerateArray()
            .Select(r =>
            {
                var (amount, currency) = Money(r.GetProperty("totalRefundedSet"));
                return Record(Id(r), Day(r, "createdAt"), "", ("revenue.refunds", amount), ("refunds.count", 1), CurrencyMarkers.Of(currency));
            })
            .ToList();

    private static IEnumerable<ConnectorRecord> CustomerRecords(JsonElement customer) =>
        [Record(Id(customer), Day(customer, "createdAt"), "", ("customers.new", 1))];

    private static string Id(JsonElement node) => node.GetProperty("id").GetString() ?? throw new FormatException("id is null");

    private static DateOnly Day(JsonElement node, string field) => DateOnly.FromDateTime(node.GetProperty(field).GetDateTimeOffset().UtcDateTime);

    private static (double Amount, string Currency) Money(JsonElement moneyBag)
    {
        var money = moneyBag.GetProperty("shopMoney");
        var amount = decimal.Parse(money.GetProperty("amount").GetString() ?? throw new FormatException("amount is null"), NumberStyles.Number, CultureInfo.InvariantCulture);
        // CurrencyCode is an enum of ISO 4217 codes plus a few others (USDC) in the 2026-10 schema (@shopify/dev-mcp 1.16.0,
        // dist/data/admin_2026-10.json.gz), so any non-empty code is taken as it is.
        var currency = money.GetProperty("currencyCode").GetString() is { Length: > 0 } code ? code : throw new FormatException("currencyCode is empty");
        return ((double)amount, currency);
    }

    private static ConnectorRecord Record(string id, DateOnly day, string dimension, params (string Metric, double Value)[] values) =>
        new(id, day, dimension, values.ToDictionary(v => v.Metric, v => v.Value));
}

/// <summary>One root connection (orders, customers) read in UPDATED_AT order as a stream.</summary>
/// <param name="nodeCost">Cost of one node with its nested fields, for the up-front cost estimate.</param>
internal sealed class ShopifyStream(ShopifyGraphQl graphQl, string name, string root, int pageSize, int nodeCost, string selection, Func<JsonElement, IEnumerable<ConnectorRecord>> records)
    : IConnectorStream
{
    private sealed record Cursor(DateTimeOffset? Since, string? After, DateTimeOffset? Newest);

    private readonly string _query =
        $"query Read($first: Int!, $after: String, $query: String) {{ {root}(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {{ edges {{ cursor node {{ {selection} }} }} pageInfo {{ hasNextPage endCursor }} }} }}";

    public string Name => name;

    public async Task<StreamPage> ReadPageAsync(ConnectorSession session, string? cursor, CancellationToken cancellationToken)
    {
        var position = cursor is null ? new Cursor(null, null, null) : JsonSerializer.Deserialize<Cursor>(cursor)!;
        var filter = position.Since is { } since ? $"updated_at:>='{since.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}'" : null;
        var response = await graphQl.QueryAsync(session, _query, new { first = pageSize, after = position.After, query = filter },
            2 + pageSize * nodeCost, cancellationToken);
        var connection = ConnectionOf(response, session);

        var converted = new List<ConnectorRecord>();
        var newest = position.Newest;
        foreach (var edge in connection.Edges)
        {
            var id = edge.Node.ValueKind == JsonValueKind.Object && edge.Node.TryGetProperty("id", out var i) ? i.ToString() : $"at cursor {edge.Cursor}";
            try
            {
                converted.AddRange(records(edge.Node));
                var updated = edge.Node.GetProperty("updatedAt").GetDateTimeOffset();
                newest = newest is null || updated > newest ? updated : newest;
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
            {
                throw new ConnectorDataException($"shopify {name}: {root} record {id} could not be read: {ex.Message}", ex);
            }
        }

        if (connection.PageInfo.HasNextPage)
        {
            if (connection.PageInfo.EndCursor is null) throw new ConnectorDataException($"shopify {name}: hasNextPage without an endCursor");
            return new StreamPage(converted, JsonSerializer.Serialize(position with { After = connection.PageInfo.EndCursor, Newest = newest }), Done: false);
        }
        // Pass complete: the next sync asks for what was updated at or after the newest update seen; upserts absorb the overlap.
        return new StreamPage(converted, JsonSerializer.Serialize(new Cursor(newest ?? position.Since, null, null)), Done: true);
    }

    private ShopifyConnection ConnectionOf(ShopifyResponse response, ConnectorSession session)
    {
        try
        {
            return response.Data?.GetValueOrDefault(root) is { ValueKind: JsonValueKind.Object } element
                   && element.Deserialize<ShopifyConnection>(JsonSerializerOptions.Web) is { Edges: not null, PageInfo: not null } connection
                ? connection : throw new ConnectorDataException($"shopify {name}: the answer has no {root} connection");
        }
        catch (JsonException ex)
        {
            throw ConnectorHttp.Unreadable(session, $"the {root} connection", ex);
        }
    }
}
