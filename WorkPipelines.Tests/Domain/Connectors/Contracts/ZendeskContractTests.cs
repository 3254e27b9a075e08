using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using WorkPipelines.Domain.Connectors.Zendesk;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>
/// The Zendesk connector and its sandbox judged by Zendesk's API reference, written down in
/// <c>Contracts/documented/zendesk-support.ts</c> with the pages it encodes (Zendesk's own OpenAPI document declares no
/// licence, so it is not kept here). Every request a sync sends must be a documented call with documented parameters
/// and Zendesk's API-token basic auth, every answer the sandbox gave must have only documented fields of the documented
/// kinds, and every field the connector reads must be one Zendesk documents, of a kind it can hold.
/// </summary>
[Collection(ContractsCollection.Name)]
public sealed class ZendeskContractTests(ContractsApp app)
{
    public static readonly string Documented = Path.Combine(AppContext.BaseDirectory, "Domain", "Connectors", "Contracts", "documented", "zendesk-support.ts");

    private static readonly Lazy<TypeScriptSchemas> Schemas = new(() => TypeScriptSchemas.Load(Documented, numbersAsStrings: false));

    private const string Root = "/sandbox/zendesk";

    // The reference writes paths without a format; its curl examples add ".json", which Zendesk accepts on every endpoint.
    private static readonly DocumentedOperation[] Operations =
    [
        new("GET", new Regex(@"^/api/v2/users/me(\.json)?$"), "NoParameters", "UserResponse"),
        new("GET", new Regex(@"^/api/v2/incremental/tickets/cursor(\.json)?$"), "IncrementalTicketExportCursorParameters", "IncrementalTicketExportCursorResponse"),
    ];

    [Fact]
    public async Task Every_request_and_answer_of_a_zendesk_sync_is_what_zendesks_reference_documents()
    {
        var admin = await ApiUser.RegisterAsync(app, "zendeskcontract");
        await admin.ConnectSandboxAsync("zendesk", historyDays: 10);
        await admin.WaitForIdleAsync();
        var exchanges = app.Traffic.Of("zendesk").ToList();

        var problems = exchanges.SelectMany(e => DocumentedOperations.Check(Schemas.Value, Operations, e, Root))
            .Concat(exchanges.Select(AuthorizationProblem).OfType<string>()).Distinct().ToList();

        Assert.Contains(exchanges, e => e.Path.EndsWith("/users/me.json", StringComparison.Ordinal) && e.Status == 200);
        Assert.Contains(exchanges, e => e.Path.Contains("/incremental/tickets/cursor", StringComparison.Ordinal) && e.Status == 200 && e.Query.Contains("include=metric_sets"));
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(40)));
    }

    [Theory]
    [InlineData(typeof(ZendeskTicketsStream), "ExportPage", "IncrementalTicketExportCursorResponse")]
    [InlineData(typeof(ZendeskConnector), "MeResponse", "UserResponse")]
    public void Every_field_the_connector_reads_is_documented_by_zendesk(Type owner, string reader, string schema)
    {
        var type = owner.GetNestedType(reader, BindingFlags.NonPublic)!;

        // The connector reads with System.Text.Json's web defaults (camelCase) unless a property names its field.
        Assert.Empty(Schemas.Value.CheckReader(type, schema, JsonNamingPolicy.CamelCase));
    }

    [Fact]
    public void The_checks_refuse_what_zendesk_does_not_document()
    {
        var answer = Schemas.Value.Check(JsonDocument.Parse("""{"tickets":[{"id":"7","via":{"channel":"web"},"solved_at":null}],"count":1,"end_of_stream":true}""").RootElement,
            "IncrementalTicketExportCursorResponse");
        var query = DocumentedOperations.Check(Schemas.Value, Operations,
            new SandboxExchange("GET", Root + "/api/v2/incremental/tickets/cursor.json", "?start_time=0&page[size]=100", "", 400, null, "", new Dictionary<string, string>()), Root);
        var call = DocumentedOperations.Check(Schemas.Value, Operations, new SandboxExchange("GET", Root + "/api/v2/ticket_metrics", "", "", 400, null, "", new Dictionary<string, string>()), Root);
        var read = Schemas.Value.CheckReader(typeof(MisreadTicket), "Ticket", JsonNamingPolicy.SnakeCaseLower);

        Assert.Equal(["$.tickets[0].id: \"7\" where number is declared", "$.tickets[0].solved_at: not a field of Schema$Ticket", "$.count: not a field of Schema$IncrementalTicketExportCursorResponse"], answer);
        Assert.Equal(["GET /api/v2/incremental/tickets/cursor.json query $.page[size]: not a field of Schema$IncrementalTicketExportCursorParameters"], query);
        Assert.Equal(["GET /api/v2/ticket_metrics: not a documented operation"], call);
        Assert.Equal(["MisreadTicket.Status ('status'): read as Int64 where string is declared", "MisreadTicket.SolvedAt ('solved_at'): not a field of Schema$Ticket"], read);
    }

    private sealed record MisreadTicket(long Id, long Status, DateTimeOffset? SolvedAt);

    // [auth] in zendesk-support.ts: an API token is sent as basic auth of "{email_address}/token:{api_token}".
    private static string? AuthorizationProblem(SandboxExchange exchange)
    {
        var header = exchange.RequestHeaders.GetValueOrDefault("Authorization", "");
        if (!header.StartsWith("Basic ", StringComparison.Ordinal)) return $"{exchange.Path}: Authorization is not basic auth";
        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
        return Regex.IsMatch(pair, @"^[^/\s]+@[^/\s]+/token:\S+$") ? null : $"{exchange.Path}: basic auth is not {{email}}/token:{{api_token}}";
    }
}
