using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stripe;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>
/// The Stripe connector (Stripe.net) and its sandbox judged by Stripe's own description of its API: the types and resource
/// methods Stripe generates from its OpenAPI spec into npm <c>stripe</c> 23.1.0 (MIT, Stripe, Inc.; OPENAPI_VERSION v2596,
/// API version 2026-10-28.endive, the one Stripe.net 53.1.0 pins; <c>Contracts/package.json</c>). Every request of a sync
/// must be a declared method with declared parameters and expandable <c>expand[]</c> paths, sent with the secret key as a
/// bearer token and the package's API version; every answer of the sandbox must be the method's declared result; and
/// every field the connector reads must be declared where Stripe.net reads it.
/// </summary>
[Collection(ContractsCollection.Name)]
public sealed partial class StripeContractTests(ContractsApp app)
{
    public static readonly string Published = Path.Combine(AppContext.BaseDirectory, "Domain", "Connectors", "Contracts", "published", "stripe");

    private static readonly Lazy<TypeScriptSchemas> Types = new(() => TypeScriptSchemas.LoadDeclarations(Published));

    private static readonly Lazy<GeneratedJsClient> Methods = new(() => GeneratedJsClient.LoadStripe(Published));

    [Fact]
    public async Task Every_request_and_answer_of_a_stripe_sync_is_what_stripes_package_declares()
    {
        var admin = await ApiUser.RegisterAsync(app, "stripecontract");
        await admin.ConnectSandboxAsync("stripe", historyDays: 10);
        await admin.WaitForIdleAsync();
        var exchanges = app.Traffic.Of("stripe").Where(e => e.Status == 200).ToList();
        // The API version the package's types describe ("export declare const ApiVersion = '…'"); Stripe reads it from the
        // Stripe-Version header (https://docs.stripe.com/api/versioning).
        var version = ApiVersion().Match(System.IO.File.ReadAllText(Path.Combine(Published, "apiVersion.d.ts"))).Groups["version"].Value;

        List<string> problems = [];
        foreach (var exchange in exchanges)
        {
            var path = exchange.Path["/sandbox/stripe".Length..];
            problems.AddRange(Check(exchange.Method, path, exchange.Query, JsonDocument.Parse(exchange.ResponseBody).RootElement).Select(p => $"{exchange.Method} {path}: {p}"));
            if (!exchange.RequestHeaders.GetValueOrDefault("Authorization", "").StartsWith("Bearer ", StringComparison.Ordinal)) problems.Add($"{path}: no bearer key");
            if (exchange.RequestHeaders.GetValueOrDefault("Stripe-Version") != version) problems.Add($"{path}: Stripe-Version {exchange.RequestHeaders.GetValueOrDefault("Stripe-Version")}, the package describes {version}");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Select(p => Index().Replace(p, "[]")).Distinct().Take(40)));
        foreach (var resource in new[] { "/v1/charges", "/v1/refunds", "/v1/customers", "/v1/subscriptions", "/v1/prices/" })
            Assert.Contains(exchanges, e => e.Path.Contains(resource, StringComparison.Ordinal));
    }

    public static TheoryData<Type, string, string, string> Read => new()
    {
        // Stripe.net type, the properties the connector reads (StripeRecords, StripeMrr, StripeSubscriptionParts), Stripe's type, its file.
        { typeof(Charge), "Id Created Status Amount Currency BalanceTransaction", "Charge", "Charges" },
        { typeof(Refund), "Id Created Amount Currency BalanceTransaction", "Refund", "Refunds" },
        { typeof(BalanceTransaction), "Amount Currency", "BalanceTransaction", "BalanceTransactions" },
        { typeof(Customer), "Id Created", "Customer", "Customers" },
        { typeof(Subscription), "Id Created Status StartDate TrialEnd EndedAt CanceledAt Currency Discounts Items", "Subscription", "Subscriptions" },
        { typeof(SubscriptionItem), "Price Quantity Discounts", "SubscriptionItem", "SubscriptionItems" },
        { typeof(Price), "Id BillingScheme Tiers TiersMode UnitAmount UnitAmountDecimal Recurring", "Price", "Prices" },
        { typeof(PriceRecurring), "UsageType Interval IntervalCount", "Price.Recurring", "Prices" },
        { typeof(PriceTier), "UpTo UnitAmount UnitAmountDecimal FlatAmount FlatAmountDecimal", "Price.Tier", "Prices" },
        { typeof(Discount), "Source Start End", "Discount", "Discounts" },
        { typeof(DiscountSource), "Coupon", "Discount.Source", "Discounts" },
        { typeof(Coupon), "Duration PercentOff AmountOff", "Coupon", "Coupons" },
    };

    [Theory]
    [MemberData(nameof(Read))]
    public void Every_field_the_connector_reads_is_declared_by_stripe(Type stripeNet, string properties, string type, string file)
    {
        var declared = Types.Value.Members(type, $"resources/{file}.d.ts");

        var fields = properties.Split(' ').Select(p => JsonName(stripeNet, p)).ToList();

        Assert.All(fields, field => Assert.True(declared.ContainsKey(field), $"{stripeNet.Name} reads '{field}', not a field of Stripe's {type}"));
    }

    [Theory]
    [InlineData("GET", "/v1/charges", "?limit=100&expand[0]=data.balance_transaction&created[gte]=1767225600", null)]
    [InlineData("GET", "/v1/charge", "", "no such method in the stripe package")]
    [InlineData("GET", "/v1/charges", "?created_after=1767225600", "query $.created_after: not a field of ChargeListParams")]
    [InlineData("GET", "/v1/charges", "?limit=many", "query $.limit: \"many\" where number is declared")]
    [InlineData("GET", "/v1/charges", "?expand[0]=data.balance_transactions", "expand[] data.balance_transactions: balance_transactions: not a field of Charge")]
    [InlineData("GET", "/v1/charges", "?expand[0]=data.amount", "expand[] data.amount: amount: Charge.amount is number, neither expandable nor includable")]
    [InlineData("GET", "/v1/prices/price_1", "?expand[0]=tiers", null)]
    public void The_request_check_refuses_what_stripe_does_not_declare(string method, string path, string query, string? problem)
    {
        var answer = path == "/v1/charges" ? """{"object":"list","url":"/v1/charges","has_more":false,"data":[]}""" : """{"id":"price_1","object":"price"}""";

        Assert.Equal(problem is null ? [] : [problem], Check(method, path, query, JsonDocument.Parse(answer).RootElement));
    }

    [Theory]
    [InlineData("""{"id":"ch_1","object":"charge","amount":1999,"balance_transaction":"txn_1"}""", null)]
    [InlineData("""{"id":"ch_1","object":"charge","amount":"1999"}""", "answer $.data[0].amount: \"1999\" where number is declared")]
    [InlineData("""{"id":"ch_1","object":"charge","amount_settled":1999}""", "answer $.data[0].amount_settled: not a field of Charge")]
    [InlineData("""{"id":"ch_1","object":"refund"}""", "answer $.data[0].object: \"refund\" where 'charge' is declared")]
    [InlineData("""{"id":"ch_1","object":"charge","balance_transaction":{"id":"txn_1","amount":"5"}}""", "answer $.data[0].balance_transaction.amount: \"5\" where number is declared")]
    public void The_answer_check_refuses_what_stripe_does_not_declare(string charge, string? problem)
    {
        var answer = JsonDocument.Parse($$"""{"object":"list","url":"/v1/charges","has_more":false,"data":[{{charge}}]}""").RootElement;

        Assert.Equal(problem is null ? [] : [problem], Check("GET", "/v1/charges", "", answer));
    }

    /// <summary>The problems of one exchange: its method, its query against the method's parameters, its answer against the method's result.</summary>
    private static List<string> Check(string method, string path, string query, JsonElement answer)
    {
        var operations = Methods.Value.Find(method, path);
        if (operations.Count == 0) return ["no such method in the stripe package"];
        var (file, className, name) = operations[0].Declared!.Value;
        var declared = Types.Value.MethodOf(file, className, name) ?? throw new InvalidDataException($"{file} declares no {className}.{name}");
        var parameters = FormToJson(query);
        List<string> problems = [];
        if (declared.Params is { } paramsType) problems.AddRange(Types.Value.Check(parameters, paramsType, declared.Scope).Select(p => $"query {p}"));
        else if (parameters.EnumerateObject().Any()) problems.Add($"query {query}: {className}.{name} takes no parameters");
        if (parameters.TryGetProperty("expand", out var expand) && expand.ValueKind == JsonValueKind.Array)
            foreach (var field in expand.EnumerateArray().Select(e => e.GetString()!))
                if (Types.Value.ExpandProblem(declared.Returns, declared.Scope, field) is { } problem) problems.Add($"expand[] {field}: {problem}");
        problems.AddRange(Types.Value.CheckResult(answer, declared.Returns, declared.Scope).Select(p => $"answer {p}"));
        return problems;
    }

    /// <summary>
    /// Stripe's form encoding as JSON: <c>created[gte]=1</c> an object, <c>expand[0]=a</c> an array
    /// (https://docs.stripe.com/api/expanding_objects, https://docs.stripe.com/api/pagination). Form values carry no type, so
    /// integers and true/false read as numbers and booleans, the rest as strings.
    /// </summary>
    private static JsonElement FormToJson(string query)
    {
        var root = new JsonObject();
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = (Uri.UnescapeDataString(pair.Split('=')[0]), Uri.UnescapeDataString(pair[(pair.IndexOf('=') + 1)..]));
            var parts = FormKey().Matches(key).Select(m => m.Groups[1].Value).ToList();
            JsonNode node = root;
            for (var i = 0; i < parts.Count; i++)
            {
                var last = i == parts.Count - 1;
                JsonNode? next = last ? Scalar(value) : int.TryParse(parts[i + 1], out _) ? new JsonArray() : new JsonObject();
                if (node is JsonArray array) { if (last) array.Add(next); else { array.Add(next); node = next!; } continue; }
                var obj = (JsonObject)node;
                if (last) obj[parts[i]] = next;
                else node = obj[parts[i]] ??= next!;
            }
        }
        return JsonDocument.Parse(root.ToJsonString()).RootElement;
    }

    private static JsonNode? Scalar(string value) =>
        long.TryParse(value, out var number) ? JsonValue.Create(number) : value is "true" or "false" ? JsonValue.Create(value == "true") : JsonValue.Create(value);

    /// <summary>The JSON field Stripe.net reads a property from; expandable ones keep it on an internal twin ("InternalBalanceTransaction").</summary>
    private static string JsonName(Type type, string property)
    {
        var flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        foreach (var candidate in new[] { type.GetProperty(property, flags), type.GetProperty("Internal" + property, flags) }.OfType<PropertyInfo>())
        {
            var name = candidate.GetCustomAttributes().Select(a => a.GetType().Name switch
            {
                "JsonPropertyAttribute" => a.GetType().GetProperty("PropertyName")?.GetValue(a) as string,
                "JsonPropertyNameAttribute" => a.GetType().GetProperty("Name")?.GetValue(a) as string,
                _ => null,
            }).FirstOrDefault(n => n is not null);
            if (name is not null) return name;
        }
        throw new InvalidOperationException($"Stripe.net's {type.Name}.{property} names no JSON field");
    }

    [GeneratedRegex(@"ApiVersion = ['""](?<version>[^'""]+)['""]")]
    private static partial Regex ApiVersion();

    [GeneratedRegex(@"(?:^|\[)([^\[\]]+)\]?")]
    private static partial Regex FormKey();

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Index();
}
