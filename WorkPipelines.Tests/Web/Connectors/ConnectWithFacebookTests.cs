using System.Net;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.Meta;
using WorkPipelines.Domain.Connectors.OAuth;
using WorkPipelines.Domain.Connectors.Social;
using WorkPipelines.Sandbox;
using WorkPipelines.Sandbox.OAuth;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Web.Features.Connectors;

namespace WorkPipelines.Tests.Web.Connectors;

/// <summary>
/// "Connect with Facebook" for Meta Ads and for Facebook &amp; Instagram: OpenIddict's client against the sandbox's Facebook
/// Login (dialog, code exchange, fb_exchange_token), the short-lived user token traded for a long-lived one, and for a Page
/// its own token, which does not expire.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ConnectWithFacebookTests(WorkAppFactory app)
{
    [Fact]
    public async Task Signing_in_connects_meta_ads_with_a_long_lived_token_for_the_ad_account()
    {
        var signedInAt = DateTimeOffset.UtcNow;
        var credentials = await SignInAndSyncAsync(MetaConnector.Key, new() { ["adAccountId"] = "act_1234567890" }, consent =>
        {
            Assert.Equal($"/sandbox/meta/{ApiVersions.MetaGraph.Version}/dialog/oauth", consent.AbsolutePath);
            Assert.Equal("S256", SignInFlow.Query(consent, "code_challenge_method"));
            Assert.Equal(["ads_read"], SignInFlow.Query(consent, "scope")!.Split(' '));
        });

        var grant = OAuthGrant.From(credentials)!;
        Assert.Equal("act_1234567890", credentials["adAccountId"]);
        Assert.Null(grant.RefreshToken); // Facebook has none: the token itself lasts
        // The code's token lasts an hour; what is kept is the traded one, about 60 days.
        var expires = SandboxOAuth.ReadAccessToken(grant.AccessToken).Expires!.Value;
        Assert.InRange(expires, signedInAt + SandboxOAuthFormat.LongLived - TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow + SandboxOAuthFormat.LongLived);
    }

    [Fact]
    public async Task Signing_in_connects_the_page_with_its_own_token_which_does_not_expire()
    {
        var credentials = await SignInAndSyncAsync(SocialConnector.Key, new() { ["pageId"] = "102030405060708" }, consent =>
        {
            Assert.Equal($"/sandbox/social/{ApiVersions.MetaGraph.Version}/dialog/oauth", consent.AbsolutePath);
            var scopes = SignInFlow.Query(consent, "scope")!.Split(' ');
            Assert.All(SocialConnector.SignInPermissions, permission => Assert.Contains(permission, scopes));
        });

        var grant = OAuthGrant.From(credentials)!;
        Assert.Equal("102030405060708", credentials["pageId"]);
        // The Page's token, not the person's: the sandbox's person tokens carry an expiry, its Page tokens none.
        Assert.Null(SandboxOAuth.ReadAccessToken(grant.AccessToken).Expires);
        Assert.Null(grant.RefreshToken);
        Assert.Null(grant.RefreshAt);
    }

    [Fact]
    public async Task Disconnecting_says_facebook_has_no_revocation_and_where_to_remove_the_app()
    {
        var admin = await ApiUser.RegisterAsync(app, "facebookdisconnect");
        await SignInAndSyncAsync(MetaConnector.Key, new() { ["adAccountId"] = "act_1234567890" }, _ => { }, admin);

        var disconnected = await admin.Client.DeleteAsync("api/work/connectors/meta");

        Assert.True(disconnected.IsSuccessStatusCode, await disconnected.Content.ReadAsStringAsync());
        Assert.Contains("Facebook offers no revocation", await admin.Client.GetStringAsync("api/work/activity"));
    }

    [Fact]
    public async Task The_persons_token_cannot_read_the_page_and_an_expired_one_is_not_traded()
    {
        var sandbox = app.Services.GetRequiredService<SandboxAddress>();
        var account = await app.Services.GetRequiredService<SandboxAccounts>().CreateAsync(SocialConnector.Key, historyDays: 30);
        using var http = app.CreateAnonymousClient();
        var version = ApiVersions.MetaGraph.Version;

        http.DefaultRequestHeaders.Authorization = new("Bearer", SandboxOAuth.AccessToken(account.Token!, DateTimeOffset.UtcNow.AddHours(1)));
        var insights = await http.GetAsync(sandbox.For(SocialConnector.Key) + $"{version}/102030405060708/published_posts");
        Assert.Equal(HttpStatusCode.BadRequest, insights.StatusCode);
        Assert.Contains("must be called with a Page Access Token", await insights.Content.ReadAsStringAsync());

        var traded = await http.PostAsync(sandbox.For(SocialConnector.Key) + $"{version}/oauth/access_token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = OAuthProviders.FacebookExchange, ["client_id"] = SandboxOAuthRegistrations.ClientId,
            ["client_secret"] = SandboxOAuthRegistrations.ClientSecret,
            [OAuthProviders.FacebookExchange] = SandboxOAuth.AccessToken(account.Token!, DateTimeOffset.UtcNow.AddMinutes(-1)),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, traded.StatusCode);
        Assert.Contains("invalid_grant", await traded.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Both_connectors_share_one_facebook_callback_and_each_sandbox_its_own()
    {
        var meta = OAuthProviders.For(MetaConnector.Key)!;
        var social = OAuthProviders.For(SocialConnector.Key)!;

        Assert.Equal(meta.CallbackPath(false), social.CallbackPath(false));
        Assert.Equal("connectors/oauth/callback/facebook", meta.CallbackPath(false));
        Assert.NotEqual(meta.CallbackPath(true), social.CallbackPath(true));
        Assert.Equal(OAuthProviders.CallbackPaths.Count(), OAuthProviders.CallbackPaths.Distinct().Count());
        Assert.Contains("OAuth:Facebook:ClientId", meta.SettingNames);
    }

    /// <summary>Signs in at the sandbox's Facebook Login, allows, and checks the first sync succeeded; returns the connection's credentials.</summary>
    private async Task<IReadOnlyDictionary<string, string>> SignInAndSyncAsync(string provider, Dictionary<string, string> fields, Action<Uri> checkConsent, ApiUser? user = null)
    {
        var admin = user ?? await ApiUser.RegisterAsync(app, "facebook" + provider);
        using var browser = await SignInFlow.SignInAsync(app, admin);
        var consent = await browser.StartAsync(ConnectWithEndpoints.StartUrl(provider, (await admin.MeAsync()).Workspace.WorkspaceId, sandbox: true, fields, SyncSchedule.Manual));
        checkConsent(consent);

        var back = await browser.ConsentAsync(consent, allow: true);
        Assert.True(SignInFlow.Query(back, "connected") == provider, app.Services.GetRequiredService<ConnectNotes>().Open(SignInFlow.Query(back, "note")));
        await admin.WaitForIdleAsync();

        var connector = await admin.ConnectorAsync(provider);
        Assert.True(connector.Status == ConnectionStatus.Healthy, connector.LastError);
        Assert.True(connector.RecordsSynced > 0);
        return await app.CredentialsAsync(admin, provider);
    }
}

/// <summary>A server with the operator's Facebook app configured, and a Facebook Login for Business configuration for the Page connector.</summary>
public sealed class FacebookAppServer : WorkAppFactory
{
    public const string ConfigId = "123456789012345";

    protected override IDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["OAuth:Facebook:ClientId"] = "1000000000000001",
        ["OAuth:Facebook:ClientSecret"] = "app-secret",
        [$"OAuth:Facebook:ConfigIds:{SocialConnector.Key}"] = ConfigId,
    };
}

/// <summary>Where "Connect with Facebook" sends the browser when the operator's app is configured (the redirect alone: nothing is sent to Facebook).</summary>
public sealed class FacebookLoginTests(FacebookAppServer app) : IClassFixture<FacebookAppServer>
{
    [Fact]
    public async Task Meta_ads_asks_facebook_login_for_ads_read_and_the_page_connector_names_its_configuration_instead()
    {
        var admin = await ApiUser.RegisterAsync(app, "facebookapp");
        using var browser = await SignInFlow.SignInAsync(app, admin);
        var workspace = (await admin.MeAsync()).Workspace.WorkspaceId;

        var ads = await browser.StartAsync(ConnectWithEndpoints.StartUrl(MetaConnector.Key, workspace, sandbox: false, new Dictionary<string, string> { ["adAccountId"] = "act_1234567890" }));
        Assert.Equal("www.facebook.com", ads.Host);
        Assert.EndsWith("/dialog/oauth", ads.AbsolutePath);
        Assert.Equal("1000000000000001", SignInFlow.Query(ads, "client_id"));
        Assert.Equal("ads_read", SignInFlow.Query(ads, "scope"));
        Assert.Equal("S256", SignInFlow.Query(ads, "code_challenge_method"));
        Assert.EndsWith("/connectors/oauth/callback/facebook", SignInFlow.Query(ads, "redirect_uri"));

        var page = await browser.StartAsync(ConnectWithEndpoints.StartUrl(SocialConnector.Key, workspace, sandbox: false, new Dictionary<string, string> { ["pageId"] = "102030405060708" }));
        Assert.Equal("www.facebook.com", page.Host);
        Assert.Equal(FacebookAppServer.ConfigId, SignInFlow.Query(page, "config_id"));
        Assert.True(string.IsNullOrEmpty(SignInFlow.Query(page, "scope")), SignInFlow.Query(page, "scope"));
        Assert.Equal(SignInFlow.Query(ads, "redirect_uri"), SignInFlow.Query(page, "redirect_uri"));
    }

    [Fact]
    public void The_facebook_registration_lets_openiddict_send_the_long_lived_exchange()
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<OpenIddict.Client.OpenIddictClientOptions>>().CurrentValue;
        var facebook = Assert.Single(options.Registrations, r => r.ProviderName == "Facebook");

        Assert.Contains(OAuthProviders.FacebookExchange, facebook.Configuration!.GrantTypesSupported);
        Assert.Contains(OpenIddict.Abstractions.OpenIddictConstants.GrantTypes.AuthorizationCode, facebook.Configuration.GrantTypesSupported);
    }
}
