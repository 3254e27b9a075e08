using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.Shopify;
using WorkPipelines.Sandbox;
using WorkPipelines.Sandbox.Shopify;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Connectors.Shopify;

/// <summary>
/// Shopify's two ways to connect: a Dev Dashboard app's client ID and secret, exchanged through the client-credentials grant
/// for tokens that last 24 hours (asked again before they end, by the session's clock), and a legacy shpat_ token. The
/// connect check names what is wrong: the secret, a missing scope.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ShopifyAppCredentialsTests(WorkAppFactory app)
{
    [Fact]
    public async Task A_sandbox_connection_connects_as_a_dev_dashboard_app_and_syncs_with_the_tokens_its_secret_gets()
    {
        var admin = await ApiUser.RegisterAsync(app, "shopify-app");
        await admin.ConnectSandboxAsync("shopify", historyDays: 5);
        await admin.WaitForIdleAsync();
        var stored = await app.CredentialsAsync(admin, "shopify");
        var account = await app.SandboxAccountAsync(admin, "shopify");
        var connector = await admin.ConnectorAsync("shopify");

        Assert.Equal(["clientId", "clientSecret", "shopDomain"], stored.Keys.Order());
        Assert.Equal(ShopifySandboxToken.ClientIdOf(account.TokenHash), stored["clientId"]);
        Assert.True(Sandbox.Tokens.IssuedFor(stored["clientSecret"]) >= 2, "the connect check and the sync each ask for a token");
        Assert.Equal("Healthy", connector.State);
        Assert.True(connector.RecordsSynced > 0);
    }

    [Fact]
    public async Task A_token_near_its_end_is_replaced_before_the_next_request_and_not_before()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var (session, wire, _) = await SessionAsync(a => AppCredentials(a), clock);
        var orders = new ShopifyConnector(clock).Streams.Single(s => s.Name == "orders");

        await orders.ReadPageAsync(session, null, CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(12));
        await orders.ReadPageAsync(session, null, CancellationToken.None);
        // 24 h less a second after the first token, within the minutes before its end: a new one, then the page.
        clock.Advance(TimeSpan.FromHours(12) - TimeSpan.FromMinutes(3));
        var page = await orders.ReadPageAsync(session, null, CancellationToken.None);

        Assert.Equal(2, wire.TokenRequests);
        var tokens = wire.GraphQlTokens;
        Assert.Equal(3, tokens.Count);
        Assert.Equal(tokens[0], tokens[1]);
        Assert.NotEqual(tokens[1], tokens[2]);
        Assert.All(tokens, t => Assert.StartsWith("shpat_", t));
        Assert.NotEmpty(page.Records);
    }

    [Fact]
    public async Task The_sandbox_refuses_its_tokens_after_24_hours()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var account = await app.Services.GetRequiredService<SandboxAccounts>().CreateAsync("shopify", historyDays: 1);
        var endpoint = new ShopifySandboxToken(app.Services.GetRequiredService<SandboxAccounts>(), clock);
        var http = new DefaultHttpContext { RequestServices = app.Services };
        http.Request.ContentType = "application/x-www-form-urlencoded";
        http.Request.Body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            $"grant_type=client_credentials&client_id={ShopifySandboxToken.ClientIdOf(account.TokenHash)}&client_secret={account.Token}"));
        http.Response.Body = new MemoryStream();

        await (await endpoint.IssueAsync(http, _ => ["read_orders", "read_customers"])).ExecuteAsync(http);
        http.Response.Body.Position = 0;
        var answer = JsonDocument.Parse(http.Response.Body).RootElement;
        var token = answer.GetProperty("access_token").GetString()!;
        var fresh = endpoint.AccountTokenOf(token);
        clock.Advance(TimeSpan.FromSeconds(86_398));
        var lastSecond = endpoint.AccountTokenOf(token);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(86_399, answer.GetProperty("expires_in").GetInt32());
        Assert.Equal("read_orders,read_customers", answer.GetProperty("scope").GetString());
        Assert.Equal(account.Token, fresh);
        Assert.Equal(account.Token, lastSecond);
        Assert.Null(endpoint.AccountTokenOf(token));
    }

    [Fact]
    public async Task A_wrong_client_secret_is_refused_at_connect_saying_where_to_copy_it_from()
    {
        var (session, wire, _) = await SessionAsync(a => AppCredentials(a, secret: a.Token + "-old"), TimeProvider.System);

        var refused = await Assert.ThrowsAsync<ConnectorAuthException>(() => new ShopifyConnector(TimeProvider.System).VerifyAsync(session, CancellationToken.None));

        Assert.Equal("Shopify refused the client ID and secret (invalid_client): copy both again from the Dev Dashboard → your app → Settings " +
                     "(a secret that was rotated there needs reconnecting).", refused.Message);
        Assert.Equal(1, wire.TokenRequests);
        Assert.Empty(wire.GraphQlTokens); // nothing asked of the shop without a token
    }

    [Theory]
    [InlineData(true, "this app lacks read_customers: add it under Access in a new version of the app in Shopify's Dev Dashboard, " +
                      "release that version (approve it on the shop if Shopify asks), then reconnect.")]
    [InlineData(false, "this token lacks read_customers: add it to the app's Admin API scopes in the shop admin " +
                       "(Settings → Apps → Develop apps → your app → Configuration), save, then reconnect.")]
    public async Task A_missing_scope_is_named_at_connect_with_where_to_add_it(bool appCredentials, string message)
    {
        var (session, _, account) = await SessionAsync(a => appCredentials ? AppCredentials(a) : LegacyToken(a), TimeProvider.System);
        Sandbox.Grant(account, "read_orders", "read_all_orders");

        var refused = await Assert.ThrowsAsync<ConnectorAuthException>(() => new ShopifyConnector(TimeProvider.System).VerifyAsync(session, CancellationToken.None));

        Assert.Equal(message, refused.Message);
    }

    [Fact]
    public async Task A_legacy_shpat_token_still_connects_and_reads_without_asking_for_a_token()
    {
        var (session, wire, account) = await SessionAsync(LegacyToken, TimeProvider.System);
        var connector = new ShopifyConnector(TimeProvider.System);

        await connector.VerifyAsync(session, CancellationToken.None);
        var page = await connector.Streams.Single(s => s.Name == "customers").ReadPageAsync(session, null, CancellationToken.None);

        Assert.Equal(0, wire.TokenRequests);
        Assert.All(wire.GraphQlTokens, t => Assert.Equal(account.Token, t));
        Assert.NotEmpty(page.Records);
    }

    [Theory]
    [InlineData("""{"shopDomain":"acme"}""", null, "Shopify needs: Client ID (clientId), Client secret (clientSecret). Ways to connect (method): " +
                                                   "clientCredentials (shopDomain, clientId, clientSecret) or accessToken (shopDomain, accessToken).")]
    [InlineData("""{"shopDomain":"acme","clientId":"c","clientSecret":"s"}""", "accessToken", "Shopify needs: Admin API access token (accessToken). Ways to connect (method): " +
                                                                                  "clientCredentials (shopDomain, clientId, clientSecret) or accessToken (shopDomain, accessToken).")]
    [InlineData("""{"shopDomain":"acme","accessToken":"t"}""", "password", "unknown method 'password' for Shopify; valid: " +
                                                                           "clientCredentials (shopDomain, clientId, clientSecret) or accessToken (shopDomain, accessToken).")]
    public async Task A_connect_request_missing_a_ways_fields_or_naming_no_way_is_told_the_valid_ways(string credentials, string? method, string message)
    {
        var admin = await ApiUser.RegisterAsync(app, "shopify-methods");

        var response = await admin.Client.PutAsJsonAsync("api/work/connectors/shopify",
            new { credentials = JsonSerializer.Deserialize<Dictionary<string, string>>(credentials), method });
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, problem.GetProperty("title").GetString());
    }

    private ShopifySandbox Sandbox => app.Services.GetServices<ISandboxProvider>().OfType<ShopifySandbox>().Single();

    private static Dictionary<string, string> AppCredentials(SandboxAccount account, string? secret = null) => new()
    {
        ["shopDomain"] = "sandbox-shop.myshopify.com", ["clientId"] = ShopifySandboxToken.ClientIdOf(account.TokenHash), ["clientSecret"] = secret ?? account.Token!,
    };

    private static Dictionary<string, string> LegacyToken(SandboxAccount account) => new() { ["shopDomain"] = "sandbox-shop.myshopify.com", ["accessToken"] = account.Token! };

    /// <summary>A session on a fresh sandbox shop whose requests are watched on the wire.</summary>
    private async Task<(ConnectorSession Session, Wire Wire, SandboxAccount Account)> SessionAsync(
        Func<SandboxAccount, Dictionary<string, string>> credentials, TimeProvider clock)
    {
        var account = await app.Services.GetRequiredService<SandboxAccounts>().CreateAsync("shopify", historyDays: 3);
        var wire = new Wire();
        var baseUrl = new Uri(app.Services.GetRequiredService<SandboxAddress>().For("shopify"));
        return (new ConnectorSession(new HttpClient(wire), baseUrl, credentials(account), Guid.NewGuid(), "Shopify") { Time = clock }, wire, account);
    }

    private sealed class Wire() : DelegatingHandler(new SocketsHttpHandler())
    {
        public int TokenRequests { get; private set; }
        public List<string> GraphQlTokens { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/admin/oauth/access_token", StringComparison.Ordinal)) TokenRequests++;
            else GraphQlTokens.Add(request.Headers.GetValues("X-Shopify-Access-Token").Single());
            return base.SendAsync(request, cancellationToken);
        }
    }
}
