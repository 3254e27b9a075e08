using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Outbound;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Outbound;

/// <summary>Connectors go only where the outbound policy allows: the provider's own host, on a public address.</summary>
[Collection(OutboundCollection.Name)]
public sealed class OutboundPolicyTests(OutboundApp app)
{
    private const string MailchimpKey = "0123456789abcdef0123456789abcdef-us21";

    // A service-account key file as Google's console writes it, its key made for this test (a JSON string value).
    private static readonly string ServiceAccountKey = System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account", ["client_email"] = "reader@acme.iam.gserviceaccount.com", ["private_key_id"] = "k1",
        ["private_key"] = System.Security.Cryptography.RSA.Create(2048).ExportPkcs8PrivateKeyPem(),
    }));

    [Theory]
    [InlineData("stripe", """{"apiKey":"sk_test_x"}""", "{listener}")]
    [InlineData("stripe", """{"apiKey":"sk_test_x"}""", "http://localhost:{port}/")]
    [InlineData("zendesk", """{"subdomain":"acme","email":"a@example.test","apiToken":"t"}""", "http://[::ffff:127.0.0.1]:{port}/")]
    [InlineData("mailchimp", $$"""{"apiKey":"{{MailchimpKey}}"}""", "http://169.254.169.254/")]
    [InlineData("shopify", null, "{listener}")] // with useSandbox: the sandbox's address is the server's choice too
    public async Task A_typed_base_url_is_refused_and_nothing_is_called(string provider, string? credentials, string baseUrl)
    {
        await using var listener = await LoopbackListener.StartAsync();
        var admin = await ApiUser.RegisterAsync(app, "ssrf");
        var url = baseUrl.Replace("{listener}", listener.Root.ToString()).Replace("{port}", listener.Root.Port.ToString());

        var response = await admin.Client.PutAsJsonAsync($"api/work/connectors/{provider}", new
        {
            useSandbox = credentials is null,
            credentials = credentials is null ? null : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(credentials),
            baseUrl = url,
        });
        var problem = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("baseUrl is not accepted", Title(problem));
        Assert.Empty(listener.Requests);
    }

    [Theory]
    [InlineData("shopify", "shopDomain", "127.0.0.1:{port}", "Shop domain must be the shop's myshopify.com domain, e.g. acme.myshopify.com")]
    [InlineData("shopify", "shopDomain", "localhost:{port}", "Shop domain must be the shop's myshopify.com domain")]
    [InlineData("shopify", "shopDomain", "acme.myshopify.com@127.0.0.1:{port}", "Shop domain must be the shop's myshopify.com domain")]
    [InlineData("shopify", "shopDomain", "acme.myshopify.com.127.0.0.1.nip.io", "Shop domain must be the shop's myshopify.com domain")]
    [InlineData("shopify", "shopDomain", "169.254.169.254", "Shop domain must be the shop's myshopify.com domain")]
    [InlineData("zendesk", "subdomain", "127.0.0.1:{port}/", "Subdomain must be your Zendesk subdomain, the 'acme' of acme.zendesk.com")]
    [InlineData("zendesk", "subdomain", "acme.zendesk.com.evil.example", "Subdomain must be your Zendesk subdomain")]
    [InlineData("zendesk", "subdomain", "x@127.0.0.1:{port}", "Subdomain must be your Zendesk subdomain")]
    [InlineData("mailchimp", "apiKey", "0123456789abcdef-127.0.0.1:{port}", "API key must be a Mailchimp API key ending with its data centre, e.g. …-us21")]
    [InlineData("mailchimp", "apiKey", "0123456789abcdef0123456789abcdef", "API key must be a Mailchimp API key ending with its data centre")]
    public async Task A_host_field_that_is_not_the_providers_own_is_refused_naming_what_is_valid(string provider, string field, string value, string message)
    {
        await using var listener = await LoopbackListener.StartAsync();
        var admin = await ApiUser.RegisterAsync(app, "hostile");
        var credentials = ProviderCatalog.Find(provider)!.Credentials.ToDictionary(f => f.Name, _ => "x");
        credentials[field] = value.Replace("{port}", listener.Root.Port.ToString());

        var response = await admin.Client.PutAsJsonAsync($"api/work/connectors/{provider}", new { credentials });
        var problem = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, Title(problem));
        Assert.Empty(listener.Requests);
        if (field == "apiKey") Assert.DoesNotContain(credentials[field], problem); // a secret is described, never repeated
    }

    [Theory]
    [InlineData("stripe", """{"apiKey":"sk_test_x"}""", "GET /stripe/v1/charges")]
    [InlineData("ga4", """{"propertyId":"123","serviceAccountKey":"(a key file)"}""", "POST /ga4/token")]
    // Meta Ads checks the token's permissions before the ad account; an answer that is not Meta's stops it there.
    [InlineData("meta", """{"adAccountId":"act_1","accessToken":"t"}""", "GET /meta/v27.0/me/permissions")]
    [InlineData("social", """{"pageId":"1","accessToken":"t"}""", "GET /social/v27.0/1")]
    [InlineData("mailchimp", $$"""{"apiKey":"{{MailchimpKey}}"}""", "GET /mailchimp/3.0/ping")]
    [InlineData("zendesk", """{"subdomain":"acme","email":"a@example.test","apiToken":"t"}""", "GET /zendesk/api/v2/users/me.json")]
    public async Task A_failed_connect_check_says_what_went_wrong_without_repeating_the_answer(string provider, string credentials, string request)
    {
        var admin = await ApiUser.RegisterAsync(app, "echo");

        var response = await admin.Client.PutAsJsonAsync($"api/work/connectors/{provider}",
            new { credentials = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(credentials.Replace("\"(a key file)\"", ServiceAccountKey)) });
        var problem = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(request, OutboundApp.Listener.Requests); // the check did reach the (imitated) provider
        Assert.Contains($"did not answer like {ProviderCatalog.Find(provider)!.Title}'s API", Title(problem));
        Assert.DoesNotContain(LoopbackListener.Secret, problem);
        Assert.DoesNotContain("hunter2", problem);
    }

    // Either way to connect: a legacy token (as API clients sent it before there were two ways, without a method) goes to the
    // GraphQL endpoint, a Dev Dashboard app's client credentials first to the token endpoint; both only to the shop's own host.
    [Theory]
    [InlineData("""{"shopDomain":"internal-shop","accessToken":"t"}""")]
    [InlineData("""{"shopDomain":"internal-shop","clientId":"0123456789abcdef0123456789abcdef","clientSecret":"s"}""")]
    public async Task A_shop_domain_that_resolves_to_a_private_address_is_refused_when_connecting(string credentials)
    {
        var admin = await ApiUser.RegisterAsync(app, "inward");
        var asked = OutboundApp.Dns.TimesAsked("internal-shop.myshopify.com");

        var response = await admin.Client.PutAsJsonAsync("api/work/connectors/shopify",
            new { credentials = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(credentials) });
        var problem = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Could not connect Shopify: could not reach internal-shop.myshopify.com: refused by the outbound policy " +
                        "(internal-shop.myshopify.com resolves to a private address (10.0.0.5) when connecting)", Title(problem));
        Assert.Equal(asked + 1, OutboundApp.Dns.TimesAsked("internal-shop.myshopify.com")); // judged at connect time, and not retried
    }

    [Fact]
    public async Task A_name_that_rebinds_to_a_private_address_is_refused_on_the_next_connection()
    {
        // The connectors' client as the app builds it (resilience, policy handler, connect callback).
        var http = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient(ConnectorRegistry.HttpClientName);
        var url = new Uri($"http://rebind.test:{OutboundApp.Listener.Root.Port}/{OutboundApp.RebindPath}");

        using var first = await http.GetAsync(url);
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => http.GetAsync(url));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("could not reach rebind.test: refused by the outbound policy (rebind.test resolves to a private address (10.0.0.7) when connecting)", refused.Message);
        Assert.Single(OutboundApp.Listener.Requests, r => r == "GET /" + OutboundApp.RebindPath);
        Assert.Equal(2, OutboundApp.Dns.TimesAsked("rebind.test"));
    }

    private static string Title(string problem) =>
        System.Text.Json.JsonDocument.Parse(problem).RootElement.GetProperty("title").GetString() ?? "";
}
