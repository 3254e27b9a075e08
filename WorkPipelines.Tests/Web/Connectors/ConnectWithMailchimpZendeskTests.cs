using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.Mailchimp;
using WorkPipelines.Domain.Connectors.OAuth;
using WorkPipelines.Domain.Connectors.Zendesk;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Web.Features.Connectors;

namespace WorkPipelines.Tests.Web.Connectors;

/// <summary>
/// "Connect with Mailchimp", "Connect with Zendesk" and "Connect with Shopify" end to end: OpenIddict's client against the sandbox's sign-in, token
/// (and Mailchimp's metadata) endpoints in each provider's format, then a sync with the signed-in token.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ConnectWithMailchimpZendeskTests(WorkAppFactory app)
{
    [Fact]
    public async Task Signing_in_with_mailchimp_connects_at_the_data_centre_its_metadata_names_with_a_token_that_does_not_expire()
    {
        var credentials = await SignInAndSyncAsync(MailchimpConnector.Key, consent =>
        {
            Assert.Equal("/sandbox/mailchimp/oauth2/authorize", consent.AbsolutePath);
            Assert.Null(SignInFlow.Query(consent, "code_challenge")); // Mailchimp's entry declares no PKCE
            Assert.True(string.IsNullOrEmpty(SignInFlow.Query(consent, "scope"))); // Mailchimp has no scopes
        });

        var grant = OAuthGrant.From(credentials)!;
        Assert.Equal("us1", credentials[MailchimpConnector.DataCentreField]); // from the metadata, as the sandbox answers it
        Assert.Null(grant.RefreshToken);
        Assert.Null(grant.RefreshAt); // expires_in 0: never refreshed
        Assert.DoesNotContain("apiKey", credentials.Keys);
        // A real connection with this grant calls its data centre.
        Assert.Equal(new Uri("https://us1.api.mailchimp.com/"), ProviderHosts.Derive(MailchimpConnector.Key, credentials.ToDictionary()).BaseUrl);
    }

    [Fact]
    public async Task Signing_in_with_zendesk_connects_with_an_expiring_token_and_its_refresh_token()
    {
        var credentials = await SignInAndSyncAsync(ZendeskConnector.Key, consent =>
        {
            Assert.Equal("/sandbox/zendesk/oauth/authorizations/new", consent.AbsolutePath);
            Assert.Equal("S256", SignInFlow.Query(consent, "code_challenge_method"));
            Assert.Contains("read", SignInFlow.Query(consent, "scope")!.Split(' '));
        });

        var grant = OAuthGrant.From(credentials)!;
        Assert.NotNull(grant.RefreshToken);
        Assert.NotNull(grant.RefreshAt);
        Assert.Equal("sandbox", credentials["subdomain"]);
        Assert.DoesNotContain("apiToken", credentials.Keys);
    }

    [Fact]
    public async Task Installing_the_shopify_app_on_the_shop_connects_with_an_offline_token_for_the_orders_and_customers_scopes()
    {
        var credentials = await SignInAndSyncAsync(WorkPipelines.Domain.Connectors.Shopify.ShopifyConnector.Key, consent =>
        {
            Assert.Equal("/sandbox/shopify/admin/oauth/authorize", consent.AbsolutePath);
            var scopes = SignInFlow.Query(consent, "scope")!.Split([' ', ',']);
            Assert.Contains("read_orders", scopes);
            Assert.Contains("read_customers", scopes);
        }, new() { ["shopDomain"] = "acme.myshopify.com" });

        var grant = OAuthGrant.From(credentials)!;
        Assert.Equal("acme.myshopify.com", credentials["shopDomain"]);
        Assert.Null(grant.RefreshToken); // an offline token: it lasts until the app is uninstalled
        Assert.Null(grant.RefreshAt);
        Assert.DoesNotContain("clientSecret", credentials.Keys);
    }

    /// <summary>Signs in at the sandbox's consent page, allows, and checks the first sync with the grant succeeded; returns the connection's credentials.</summary>
    private async Task<IReadOnlyDictionary<string, string>> SignInAndSyncAsync(string provider, Action<Uri> checkConsent, Dictionary<string, string>? fields = null,
        ApiUser? user = null)
    {
        var admin = user ?? await ApiUser.RegisterAsync(app, "oauth" + provider);
        using var browser = await SignInFlow.SignInAsync(app, admin);
        var consent = await browser.StartAsync(ConnectWithEndpoints.StartUrl(provider, (await admin.MeAsync()).Workspace.WorkspaceId, sandbox: true, fields, SyncSchedule.Manual));
        checkConsent(consent);

        var back = await browser.ConsentAsync(consent, allow: true);
        Assert.True(SignInFlow.Query(back, "connected") == provider, Note(back));
        await admin.WaitForIdleAsync();

        var connector = await admin.ConnectorAsync(provider);
        Assert.True(connector.Status == ConnectionStatus.Healthy, connector.LastError);
        Assert.True(connector.RecordsSynced > 0);
        return await app.CredentialsAsync(admin, provider);
    }

    [Fact]
    public async Task Disconnecting_zendesk_revokes_the_token_as_zendesk_does_with_a_delete_of_the_current_token()
    {
        var admin = await ApiUser.RegisterAsync(app, "oauthzendeskrevoke");
        var grant = OAuthGrant.From(await SignInAndSyncAsync(ZendeskConnector.Key, _ => { }, user: admin))!;
        var account = WorkPipelines.Sandbox.OAuth.SandboxOAuth.ReadAccessToken(grant.AccessToken).AccountToken;

        var disconnected = await admin.Client.DeleteAsync("api/work/connectors/zendesk");

        Assert.True(disconnected.IsSuccessStatusCode, await disconnected.Content.ReadAsStringAsync());
        Assert.Contains("access revoked", await admin.Client.GetStringAsync("api/work/activity"));
        await Task.Delay(WorkPipelines.Sandbox.SandboxAccounts.CacheFor);
        Assert.True((await app.Services.GetRequiredService<WorkPipelines.Sandbox.SandboxAccounts>().FindAsync(account))!.TokenExpired);
    }

    [Theory]
    [InlineData(MailchimpConnector.Key)]
    [InlineData(ZendeskConnector.Key)]
    public async Task Cancelling_at_the_provider_connects_nothing(string provider)
    {
        var admin = await ApiUser.RegisterAsync(app, "oauthcancel" + provider);
        using var browser = await SignInFlow.SignInAsync(app, admin);

        var back = await browser.ConsentAsync(await browser.StartAsync(await StartUrlAsync(admin, provider)), allow: false);

        Assert.Null(SignInFlow.Query(back, "connected"));
        Assert.Equal("The sign-in was cancelled, so nothing was connected.", Note(back));
        Assert.False((await admin.ConnectorAsync(provider)).Connected);
    }

    [Theory]
    [InlineData(MailchimpConnector.Key, "3.0/ping", """{"health_status":"Everything's Chimpy!"}""")]
    [InlineData(ZendeskConnector.Key, "api/v2/users/me.json", """{"user":{"id":1,"role":"admin"}}""")]
    public async Task A_signed_in_connection_calls_with_its_token_as_bearer_and_a_pasted_one_with_basic(string provider, string path, string answer)
    {
        var grant = OAuthGrant.Issued("sandbox-x", "signed-in-token", refreshToken: null, expiresAt: null, DateTimeOffset.UtcNow);
        var signedIn = grant.WriteTo(new Dictionary<string, string>());
        var pasted = new Dictionary<string, string> { ["apiKey"] = "0123456789abcdef-us1", ["email"] = "admin@example.com", ["apiToken"] = "pasted-token" };
        IConnector connector = provider == MailchimpConnector.Key ? new MailchimpConnector() : new ZendeskConnector();

        var bearer = await HeaderSentAsync(connector, signedIn, answer);
        var basic = await HeaderSentAsync(connector, pasted, answer);

        Assert.Equal(path, bearer.Path);
        Assert.Equal("Bearer signed-in-token", bearer.Authorization);
        Assert.StartsWith("Basic ", basic.Authorization);
        Assert.DoesNotContain("signed-in-token", Encoding.UTF8.GetString(Convert.FromBase64String(basic.Authorization[6..])));
    }

    private static async Task<(string Path, string Authorization)> HeaderSentAsync(IConnector connector, Dictionary<string, string> credentials, string answer)
    {
        var handler = new Recording(answer);
        var session = new ConnectorSession(new HttpClient(handler), new Uri("https://provider.test/"), credentials, Guid.NewGuid(), connector.Provider);
        await connector.VerifyAsync(session, CancellationToken.None);
        return (handler.Path!, handler.Authorization!);
    }

    private sealed class Recording(string answer) : HttpMessageHandler
    {
        public string? Path { get; private set; }
        public string? Authorization { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Path = request.RequestUri!.PathAndQuery.TrimStart('/');
            Authorization = request.Headers.Authorization?.ToString();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer, Encoding.UTF8, "application/json") });
        }
    }

    private static async Task<string> StartUrlAsync(ApiUser admin, string provider) =>
        ConnectWithEndpoints.StartUrl(provider, (await admin.MeAsync()).Workspace.WorkspaceId, sandbox: true, schedule: SyncSchedule.Manual);

    private string? Note(Uri back) => app.Services.GetRequiredService<ConnectNotes>().Open(SignInFlow.Query(back, "note"));

}
