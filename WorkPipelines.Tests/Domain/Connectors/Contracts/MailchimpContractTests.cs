using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Contracts;

/// <summary>
/// The Mailchimp connector judged by Mailchimp's own description of the Marketing API 3.0: its OpenAPI-generated client,
/// npm <c>@mailchimp/mailchimp_marketing</c> 3.0.80 (Apache-2.0, by Mailchimp; <c>Contracts/package.json</c>). Every
/// request a sync sends must be a declared operation with declared query parameters. The generated client declares
/// no response types, so the fields read are checked by the connector's tests against the API reference it cites.
/// </summary>
[Collection(ContractsCollection.Name)]
public sealed class MailchimpContractTests(ContractsApp app)
{
    public static readonly string PublishedClient = Path.Combine(AppContext.BaseDirectory, "Domain", "Connectors", "Contracts", "published", "mailchimp");

    private static readonly Lazy<GeneratedJsClient> Client = new(() => GeneratedJsClient.Load(Directory.GetFiles(PublishedClient, "*Api.js")));

    [Fact]
    public async Task Every_request_of_a_mailchimp_sync_is_an_operation_mailchimps_client_declares()
    {
        var admin = await ApiUser.RegisterAsync(app, "mailchimpcontract");
        await admin.ConnectSandboxAsync("mailchimp", historyDays: 10);
        await admin.WaitForIdleAsync();
        var exchanges = app.Traffic.Of("mailchimp").ToList();

        var problems = exchanges
            .Select(e => Client.Value.Problem(e.Method, e.Path["/sandbox/mailchimp/3.0".Length..], e.Query))
            .OfType<string>().Distinct().ToList();

        Assert.Contains(exchanges, e => e.Path.Contains("/members", StringComparison.Ordinal));
        Assert.Contains(exchanges, e => e.Path.EndsWith("/reports", StringComparison.Ordinal));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("GET", "/lists/abc123/members", "?count=10&status=subscribed", null)]
    [InlineData("GET", "/lists/abc123/members", "?count=10&subscribed_since=2026-01-01", "GET /lists/abc123/members: query parameters not declared by /lists/{list_id}/members: subscribed_since")]
    [InlineData("GET", "/lists/abc123/subscribers", "", "GET /lists/abc123/subscribers: no such operation in the published client")]
    [InlineData("POST", "/reports", "", "POST /reports: no such operation in the published client")]
    public void The_operation_check_refuses_what_mailchimp_does_not_declare(string method, string path, string query, string? problem) =>
        Assert.Equal(problem, Client.Value.Problem(method, path, query));
}
