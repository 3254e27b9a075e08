using System.Text.Json;
using System.Text.RegularExpressions;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>
/// The Shopify connector and its sandbox judged by Shopify's own schema of the GraphQL Admin API at the pinned version:
/// the introspection result Shopify ships per version in npm <c>@shopify/dev-mcp</c> 1.16.0 (ISC, Shopify Inc.),
/// <c>dist/data/admin_2026-10.json.gz</c> (fetched by the Tests csproj, target PackShopifySchema). Every document a sync
/// sends must validate (fields, arguments, variables, nothing deprecated), every answer the sandbox gives must be exactly
/// what the document selects with the declared types, and every request must go where and as Shopify says: <c>POST
/// /admin/api/{version}/graphql.json</c> with the token in <c>X-Shopify-Access-Token</c> ("Include the access token as a
/// X-Shopify-Access-Token header in your requests", https://shopify.dev/api/admin/getting-started).
/// </summary>
[Collection(ContractsCollection.Name)]
public sealed partial class ShopifyContractTests(ContractsApp app)
{
    private static readonly string Published = Path.Combine(AppContext.BaseDirectory, "Domain", "Connectors", "Contracts", "published", "shopify-dev-mcp");

    // The file is named by the connector's own version: pinning a version the package does not ship fails here.
    private static readonly Lazy<GraphQlSchema> Schema = new(() =>
        GraphQlSchema.Load(Path.Combine(Published, "dist", "data", $"admin_{ApiVersions.ShopifyAdmin.Version}.json.gz")));

    [Fact]
    public async Task Every_query_and_answer_of_a_shopify_sync_is_what_shopifys_schema_declares()
    {
        var admin = await ApiUser.RegisterAsync(app, "shopifycontract");
        await admin.ConnectSandboxAsync("shopify", historyDays: 10);
        await admin.WaitForIdleAsync();
        var traffic = app.Traffic.Of("shopify").ToList();
        var tokenEndpoint = "/sandbox/shopify/admin/oauth/access_token";
        var exchanges = traffic.Where(e => e.Path != tokenEndpoint).ToList();
        var endpoint = $"/sandbox/shopify/admin/api/{ApiVersions.ShopifyAdmin.Version}/graphql.json";

        List<string> problems = [];
        var issued = TokenRequestProblems(traffic.Where(e => e.Path == tokenEndpoint).ToList(), problems);
        foreach (var exchange in exchanges)
        {
            if (exchange.Method != "POST" || exchange.Path != endpoint) problems.Add($"{exchange.Method} {exchange.Path}: not {endpoint}");
            if (!exchange.RequestHeaders.TryGetValue("X-Shopify-Access-Token", out var token) || token.Length == 0) problems.Add($"{exchange.Path}: no X-Shopify-Access-Token");
            else if (!issued.Contains(token)) problems.Add($"{exchange.Path}: X-Shopify-Access-Token is not a token the client-credentials grant issued");
            if (!exchange.RequestHeaders.TryGetValue("Content-Type", out var type) || !type.StartsWith("application/json", StringComparison.Ordinal)) problems.Add($"{exchange.Path}: Content-Type {type}");
            var request = JsonDocument.Parse(exchange.RequestBody).RootElement;
            var document = request.GetProperty("query").GetString()!;
            problems.AddRange(Schema.Value.Check(document, request.GetProperty("variables")).Select(p => $"{FirstLine(document)}: {p}"));
            var answer = JsonDocument.Parse(exchange.ResponseBody).RootElement;
            if (answer.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
                problems.AddRange(Schema.Value.CheckAnswer(document, data).Select(p => $"answer to {FirstLine(document)}: {p}"));
        }

        // Array indices are dropped so one drift reads as one line, not one per record.
        Assert.True(problems.Count == 0, string.Join("\n", problems.Select(p => Index().Replace(p, "[]")).Distinct().Take(40)));
        var documents = exchanges.Select(e => JsonDocument.Parse(e.RequestBody).RootElement.GetProperty("query").GetString()!).Distinct().ToList();
        Assert.Contains(documents, d => d.Contains("orders(", StringComparison.Ordinal) && d.Contains("lineItems", StringComparison.Ordinal));
        Assert.Contains(documents, d => d.Contains("refunds", StringComparison.Ordinal));
        Assert.Contains(documents, d => d.Contains("customers(", StringComparison.Ordinal));
        Assert.Contains(documents, d => d.Contains("currentAppInstallation", StringComparison.Ordinal));
        Assert.Contains(exchanges, e => e.ResponseBody.Contains("\"edges\":[{", StringComparison.Ordinal));
    }

    /// <summary>
    /// A sandbox connection uses the recommended way, a Dev Dashboard app's client credentials: each token request must be the
    /// documented one, <c>POST https://{shop}.myshopify.com/admin/oauth/access_token</c> with a form of grant_type=client_credentials,
    /// client_id and client_secret, and each answer <c>{"access_token", "scope": "read_products,write_products", "expires_in"}</c>
    /// (https://shopify.dev/docs/apps/build/authentication-authorization/client-secrets,
    /// https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant).
    /// </summary>
    /// <returns>The access tokens issued.</returns>
    private static HashSet<string> TokenRequestProblems(List<SandboxExchange> requests, List<string> problems)
    {
        if (requests.Count == 0) problems.Add("no client-credentials token request: a sandbox connection should connect as a Dev Dashboard app");
        HashSet<string> issued = [];
        foreach (var request in requests)
        {
            if (request.Method != "POST") problems.Add($"{request.Method} {request.Path}: the token request is a POST");
            if (!request.RequestHeaders.TryGetValue("Content-Type", out var type) || !type.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
                problems.Add($"{request.Path}: Content-Type {type}, not a form");
            var form = System.Web.HttpUtility.ParseQueryString(request.RequestBody);
            if (form["grant_type"] != "client_credentials") problems.Add($"{request.Path}: grant_type {form["grant_type"]}");
            if (string.IsNullOrEmpty(form["client_id"]) || string.IsNullOrEmpty(form["client_secret"])) problems.Add($"{request.Path}: no client_id or client_secret in the form");
            if (request.RequestHeaders.ContainsKey("Authorization")) problems.Add($"{request.Path}: credentials in an Authorization header, not the form");
            var answer = JsonDocument.Parse(request.ResponseBody).RootElement;
            if (answer.TryGetProperty("access_token", out var token) && token.ValueKind == JsonValueKind.String) issued.Add(token.GetString()!);
            else problems.Add($"{request.Path}: answer without access_token");
            if (!answer.TryGetProperty("scope", out var scope) || scope.ValueKind != JsonValueKind.String || scope.GetString()!.Contains(' '))
                problems.Add($"{request.Path}: scope is not a comma-separated string");
            if (!answer.TryGetProperty("expires_in", out var expires) || !expires.TryGetInt32(out var seconds) || seconds is < 1 or > 86_400)
                problems.Add($"{request.Path}: expires_in is not a number of seconds up to a day");
        }
        return issued;
    }

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Index();

    [Fact]
    public void The_schema_is_shopifys_for_the_pinned_version()
    {
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(Published, "package.json")));
        Assert.Equal("@shopify/dev-mcp", package.RootElement.GetProperty("name").GetString());
        Assert.Equal("ISC", package.RootElement.GetProperty("license").GetString());
        Assert.Contains("Shopify Inc.", File.ReadAllText(Path.Combine(Published, "LICENSE")), StringComparison.Ordinal);
        Assert.Equal("OrderConnection!", Schema.Value.Type("QueryRoot").Fields["orders"].Type.ToString());
    }

    [Theory]
    [InlineData("query { shop { nmae } }", "query.shop.nmae: not a field of Shop")]
    // Shop.draftOrders is in admin_2025-10.json.gz and gone from 2026-10; Refund.totalRefunded is deprecated in 2026-10.
    [InlineData("query { shop { draftOrders(first: 1) { nodes { id } } } }", "query.shop.draftOrders: not a field of Shop")]
    [InlineData("query { orders(first: 1) { nodes { refunds { totalRefunded { amount } } } } }",
        "query.orders.nodes.refunds.totalRefunded: deprecated on Refund (Use `totalRefundedSet` instead.)")]
    [InlineData("query { orders(frist: 1) { nodes { id } } }", "query.orders(frist:): not an argument of QueryRoot.orders")]
    [InlineData("query { orders(first: \"ten\") { nodes { id } } }", "query.orders(first:): StringValue where Int is declared")]
    [InlineData("query { orders(first: 1, sortKey: UPDATED) { nodes { id } } }", "query.orders(sortKey:): UPDATED is not a value of enum OrderSortKeys")]
    [InlineData("query Read($first: String) { orders(first: $first) { nodes { id } } }", "query.orders(first:): $first is String where Int is declared")]
    [InlineData("query Read($after: String) { orders(first: 1) { nodes { id } } }", "$after: declared but not used")]
    [InlineData("query { orders(first: 1) { nodes { id totalPriceSet } } }", "query.orders.nodes.totalPriceSet: MoneyBag needs a selection of its fields")]
    [InlineData("query { orders(first: 1) { nodes { id { value } } } }", "query.orders.nodes.id: ID is a scalar and takes no selection")]
    public void The_document_check_refuses_what_shopify_does_not_declare(string document, string problem) =>
        Assert.Equal([problem], Schema.Value.Check(document));

    [Theory]
    [InlineData("""{"shop":{"name":"A","myshopifyDomain":"a.myshopify.com"}}""", null)]
    [InlineData("""{"shop":{"name":null,"myshopifyDomain":"a.myshopify.com"}}""", "data.shop.name: null where String! is declared")]
    [InlineData("""{"shop":{"name":"A"}}""", "data.shop.myshopifyDomain: selected but missing")]
    [InlineData("""{"shop":{"name":"A","myshopifyDomain":"a.myshopify.com","currencyCode":"USD"}}""", "data.shop.currencyCode: answered but not selected")]
    public void The_answer_check_refuses_what_the_document_did_not_ask_for(string data, string? problem) =>
        Assert.Equal(problem is null ? [] : [problem], Schema.Value.CheckAnswer("query { shop { name myshopifyDomain } }", JsonDocument.Parse(data).RootElement));

    [Theory]
    [InlineData("""{"amount":"19.99"}""", null)]
    [InlineData("""{"amount":19.99}""", "data.orders.nodes[0].totalPriceSet.shopMoney.amount: Number is not a Decimal")]
    [InlineData("""{"amount":"19,99"}""", "data.orders.nodes[0].totalPriceSet.shopMoney.amount: \"19,99\" is not a Decimal")]
    public void Amounts_are_decimal_strings_as_shopifys_schema_describes_them(string shopMoney, string? problem)
    {
        var data = JsonDocument.Parse($$$"""{"orders":{"nodes":[{"createdAt":"2026-12-01T10:00:00Z","totalPriceSet":{"shopMoney":{{{shopMoney}}}}}]}}""").RootElement;

        var problems = Schema.Value.CheckAnswer("query { orders(first: 1) { nodes { createdAt totalPriceSet { shopMoney { amount } } } } }", data);

        Assert.Equal(problem is null ? [] : [problem], problems);
    }

    private static string FirstLine(string document) => document.Length > 60 ? document[..60] + "…" : document;
}
