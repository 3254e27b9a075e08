using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.OAuth;
using WorkPipelines.Sandbox;
using WorkPipelines.Sandbox.OAuth;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Web.Features.Connectors;

namespace WorkPipelines.Tests.Web.Connectors;

/// <summary>
/// "Connect with Google" end to end: OpenIddict's client against the sandbox's Google-format sign-in, token and revocation
/// endpoints, over real HTTP with the app's own cookie.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ConnectWithTests(WorkAppFactory app)
{
    private const string Property = "123456789";

    [Fact]
    public async Task Signing_in_connects_ga4_with_a_grant_that_syncs()
    {
        var admin = await ApiUser.RegisterAsync(app, "oauth");
        using var browser = await SignInFlow.SignInAsync(app, admin);

        var consent = await browser.StartAsync(await StartUrlAsync(admin));
        Assert.Equal("/sandbox/ga4/" + SandboxOAuth.AuthorizePath, consent.AbsolutePath);
        Assert.Equal("S256", SignInFlow.Query(consent, "code_challenge_method")); // PKCE
        Assert.Contains(WorkPipelines.Domain.Connectors.Ga4.GoogleServiceAccount.Scope, SignInFlow.Query(consent, "scope"));

        var back = await browser.ConsentAsync(consent, allow: true);
        Assert.True(SignInFlow.Query(back, "connected") == "ga4", Note(back));
        await admin.WaitForIdleAsync();

        var connector = await admin.ConnectorAsync("ga4");
        Assert.Equal(ConnectionStatus.Healthy, connector.Status);
        Assert.True(connector.RecordsSynced > 0);
        var credentials = await app.CredentialsAsync(admin, "ga4");
        var grant = OAuthGrant.From(credentials)!;
        Assert.Equal(Property, credentials["propertyId"]);
        Assert.StartsWith("1//", grant.RefreshToken); // offline access: Google's refresh token
        Assert.NotNull(grant.RefreshAt);
        Assert.DoesNotContain(WorkPipelines.Domain.Connectors.Ga4.GoogleServiceAccount.KeyField, credentials.Keys);
    }

    [Fact]
    public async Task Cancelling_at_the_provider_connects_nothing_and_says_so()
    {
        var admin = await ApiUser.RegisterAsync(app, "oauthcancel");
        using var browser = await SignInFlow.SignInAsync(app, admin);

        var back = await browser.ConsentAsync(await browser.StartAsync(await StartUrlAsync(admin)), allow: false);

        Assert.Null(SignInFlow.Query(back, "connected"));
        Assert.Equal("The sign-in was cancelled, so nothing was connected.", Note(back));
        Assert.False((await admin.ConnectorAsync("ga4")).Connected);
    }

    [Fact]
    public async Task A_revoked_grant_needs_reconnect_and_one_click_signs_in_again_for_the_same_property()
    {
        var admin = await ApiUser.RegisterAsync(app, "oauthrevoked");
        using var browser = await SignInFlow.SignInAsync(app, admin);
        await browser.ConsentAsync(await browser.StartAsync(await StartUrlAsync(admin)), allow: true);
        await admin.WaitForIdleAsync();

        // The person removes the app's access in their Google account: Google's revocation endpoint, called as Google documents.
        var grant = OAuthGrant.From(await app.CredentialsAsync(admin, "ga4"))!;
        using var google = app.CreateAnonymousClient();
        var revoked = await google.PostAsync(app.Services.GetRequiredService<SandboxAddress>().For("ga4") + SandboxOAuth.RevokePath,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = grant.RefreshToken! }));
        Assert.True(revoked.IsSuccessStatusCode, await revoked.Content.ReadAsStringAsync());

        var run = await admin.SyncAndWaitAsync("ga4");
        var connector = await admin.ConnectorAsync("ga4");
        ConnectorTestSteps.AssertFailedAtOnceNeedingReconnect(run, connector);

        var me = await admin.MeAsync();
        var again = await browser.ConsentAsync(await browser.StartAsync(
            ConnectWithEndpoints.StartUrl("ga4", me.Workspace.WorkspaceId, sandbox: true, reconnect: true)), allow: true);
        Assert.True(SignInFlow.Query(again, "connected") == "ga4", Note(again));
        await admin.WaitForIdleAsync();
        Assert.Equal(ConnectionStatus.Healthy, (await admin.ConnectorAsync("ga4")).Status);
        Assert.Equal(Property, (await app.CredentialsAsync(admin, "ga4"))["propertyId"]);
    }

    [Fact]
    public async Task Disconnecting_revokes_the_grant_at_the_provider()
    {
        var admin = await ApiUser.RegisterAsync(app, "oauthdisconnect");
        using var browser = await SignInFlow.SignInAsync(app, admin);
        await browser.ConsentAsync(await browser.StartAsync(await StartUrlAsync(admin)), allow: true);
        await admin.WaitForIdleAsync();
        var account = SandboxOAuth.ReadAccessToken(OAuthGrant.From(await app.CredentialsAsync(admin, "ga4"))!.AccessToken).AccountToken;

        var disconnected = await admin.Client.DeleteAsync("api/work/connectors/ga4");

        Assert.True(disconnected.IsSuccessStatusCode, await disconnected.Content.ReadAsStringAsync());
        await Task.Delay(SandboxAccounts.CacheFor);
        Assert.True((await app.Services.GetRequiredService<SandboxAccounts>().FindAsync(account))!.TokenExpired);
    }

    [Fact]
    public async Task Without_the_providers_oauth_app_configured_the_page_names_the_settings_and_a_member_cannot_start()
    {
        var admin = await ApiUser.RegisterAsync(app, "oauthoff");
        using var browser = await SignInFlow.SignInAsync(app, admin);
        var me = await admin.MeAsync();

        var off = await browser.StartAsync(ConnectWithEndpoints.StartUrl("ga4", me.Workspace.WorkspaceId, sandbox: false, new Dictionary<string, string> { ["propertyId"] = Property }));
        Assert.Contains("OAuth:Google:ClientId and OAuth:Google:ClientSecret", Note(off));

        var badProperty = await browser.StartAsync(ConnectWithEndpoints.StartUrl("ga4", me.Workspace.WorkspaceId, sandbox: true, new Dictionary<string, string> { ["propertyId"] = "" }));
        Assert.Contains("Property ID", Note(badProperty));

        var member = await ApiUser.RegisterAsync(app, "oauthmember");
        await admin.AddMemberAsync(member, WorkspaceRole.Member);
        using var memberBrowser = await SignInFlow.SignInAsync(app, member);
        var refused = await memberBrowser.StartAsync(ConnectWithEndpoints.StartUrl("ga4", me.Workspace.WorkspaceId, sandbox: true, new Dictionary<string, string> { ["propertyId"] = Property }));
        Assert.Equal(ConnectionService.AdminOnly, Note(refused));
    }

    [Fact]
    public async Task A_note_in_a_crafted_link_is_not_shown()
    {
        var notes = app.Services.GetRequiredService<ConnectNotes>();
        Assert.Null(notes.Open("Your account is locked: call +1 555 0100"));
        Assert.Equal("sealed", notes.Open(notes.Seal("sealed")));
    }

    private async Task<string> StartUrlAsync(ApiUser admin) =>
        ConnectWithEndpoints.StartUrl("ga4", (await admin.MeAsync()).Workspace.WorkspaceId, sandbox: true,
            new Dictionary<string, string> { ["propertyId"] = Property }, SyncSchedule.Manual);

    private string? Note(Uri back) => app.Services.GetRequiredService<ConnectNotes>().Open(SignInFlow.Query(back, "note"));

}
