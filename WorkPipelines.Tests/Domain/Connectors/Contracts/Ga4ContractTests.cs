using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using WorkPipelines.Domain.Connectors.Ga4;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>
/// The GA4 connector and its sandbox judged by Google's own description of the Data API v1beta: the TypeScript client
/// Google generates from its discovery document, npm <c>@googleapis/analyticsdata</c> 10.0.0 (Apache-2.0, by Google;
/// <c>Contracts/package.json</c>, installed by the build). Every request the connector sent must be a
/// <c>RunReportRequest</c> on a declared path, every answer the sandbox gave a <c>RunReportResponse</c> or
/// <c>Metadata</c>, and every field the connector reads must be one Google declares.
/// </summary>
[Collection(ContractsCollection.Name)]
public sealed partial class Ga4ContractTests(ContractsApp app)
{
    public static readonly string PublishedClient = Path.Combine(AppContext.BaseDirectory, "Domain", "Connectors", "Contracts", "published", "analyticsdata-v1beta.ts");

    private static readonly Lazy<TypeScriptSchemas> Schemas = new(() => TypeScriptSchemas.Load(PublishedClient));

    [Fact]
    public async Task Every_request_and_answer_of_a_ga4_sync_is_what_googles_client_declares()
    {
        var admin = await ApiUser.RegisterAsync(app, "ga4contract");
        await admin.ConnectSandboxAsync("ga4", historyDays: 10);
        await admin.WaitForIdleAsync();
        // The service-account token exchange is Google's OAuth, not the Data API: Google's own client (Google.Apis.Auth)
        // sent it and read its answer, which is the check on that one.
        var exchanges = app.Traffic.Of("ga4").Where(e => e.Status == 200 && !e.Path.EndsWith("/token", StringComparison.Ordinal)).ToList();
        var paths = PublishedPaths();

        List<string> problems = [];
        foreach (var exchange in exchanges)
        {
            var path = exchange.Path["/sandbox/ga4".Length..];
            if (!paths.Any(p => p.IsMatch(path))) problems.Add($"{exchange.Method} {path}: no such method in the published client");
            (string? request, string? response) = path.EndsWith(":runReport", StringComparison.Ordinal) ? ("RunReportRequest", "RunReportResponse")
                : path.EndsWith("/metadata", StringComparison.Ordinal) ? (null, "Metadata")
                : ((string?)null, (string?)null);
            if (response is null) { problems.Add($"{exchange.Method} {path}: not a call this test knows"); continue; }
            if (request is not null) problems.AddRange(Schemas.Value.Check(Parse(exchange.RequestBody), request).Select(p => $"request {path} {p}"));
            problems.AddRange(Schemas.Value.Check(Parse(exchange.ResponseBody), response).Select(p => $"answer {path} {p}"));
        }

        Assert.Contains(exchanges, e => e.Path.EndsWith(":runReport", StringComparison.Ordinal));
        Assert.Contains(exchanges, e => e.Path.EndsWith("/metadata", StringComparison.Ordinal));
        // Rows per request as configured, within the documented most (250,000; RunReportRequest.limit in the published client).
        Assert.All(exchanges.Where(e => e.Path.EndsWith(":runReport", StringComparison.Ordinal)),
            e => Assert.Equal(WorkAppFactory.Ga4RowsPerRequest, Parse(e.RequestBody).GetProperty("limit").GetInt64()));
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct().Take(40)));
    }

    [Theory]
    [InlineData("RunReportResponse", "RunReportResponse")]
    [InlineData("Header", "MetricHeader")]
    [InlineData("Header", "DimensionHeader")]
    [InlineData("Row", "Row")]
    [InlineData("Cell", "MetricValue")]
    [InlineData("Cell", "DimensionValue")]
    public void Every_field_the_connector_reads_is_declared_by_google(string connectorType, string schema)
    {
        var type = typeof(Ga4ReportStream).GetNestedType(connectorType, BindingFlags.NonPublic)!;
        var declared = Schemas.Value.Fields(schema);

        var read = type.GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToList();

        Assert.NotEmpty(read);
        Assert.All(read, field => Assert.True(declared.ContainsKey(field), $"{connectorType}.{field} is not a field of Google's {schema}"));
    }

    [Fact]
    public void The_schema_check_refuses_what_google_does_not_declare()
    {
        var problems = Schemas.Value.Check(Parse("""{"dateRanges":[{"startDate":"2026-01-01","endDay":"today"}],"limit":true,"metrics":{}}"""), "RunReportRequest");

        Assert.Equal(
            ["$.dateRanges[0].endDay: not a field of Schema$DateRange", "$.limit: True where string is declared", "$.metrics: Object where Schema$Metric[] is declared"],
            problems);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    // The client's method URLs, e.g. '/v1beta/{+property}:runReport': {+name} stands for a resource path.
    private static List<Regex> PublishedPaths() =>
        MethodUrl().Matches(File.ReadAllText(PublishedClient))
            .Select(m => new Regex("^" + Regex.Replace(Regex.Escape(m.Groups["path"].Value), @"\\\{\\\+\w+}", "[^?]+") + "$"))
            .ToList();

    [GeneratedRegex(@"url: \(rootUrl \+ '(?<path>/v1beta/[^']+)'\)")]
    private static partial Regex MethodUrl();
}
