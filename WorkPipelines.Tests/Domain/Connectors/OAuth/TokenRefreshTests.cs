using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Connectors.OAuth;
using WorkPipelines.Sandbox;
using WorkPipelines.Sandbox.OAuth;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Web.Features.Connectors;

namespace WorkPipelines.Tests.Domain.Connectors.OAuth;

/// <summary>The app with sandbox access tokens that last 2 s instead of Google's hour: every sync outlives its first token.</summary>
public sealed class ShortTokensApp : WorkAppFactory
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    protected override IDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Connectors:SandboxAccessTokenLifetime"] = Lifetime.ToString(),
        ["Connectors:SandboxHistoryDays"] = "60",
    };
}

public sealed class TokenRefreshTests(ShortTokensApp app) : IClassFixture<ShortTokensApp>
{
    [Fact]
    public async Task A_sync_after_the_access_token_expired_gets_a_new_one_with_the_refresh_token_and_keeps_it()
    {
        var admin = await ApiUser.RegisterAsync(app, "refresh");
        var connectedAt = DateTimeOffset.UtcNow;
        var first = await SignInAsync(admin, "ga4", new Dictionary<string, string> { ["propertyId"] = "123456789" });

        // The sign-in's token is dead by now: the sandbox refuses it as Google refuses an expired one.
        await Task.Delay(ShortTokensApp.Lifetime + TimeSpan.FromSeconds(1));
        using var api = app.CreateAnonymousClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", first.AccessToken);
        var refused = await api.GetAsync(app.Services.GetRequiredService<SandboxAddress>().For("ga4") + "v1beta/properties/123456789/metadata");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var run = await admin.SyncAndWaitAsync("ga4");

        Assert.Equal(WorkPipelines.Domain.Pipelines.PipelineRunStatus.Succeeded, run.Run.Status);
        var kept = OAuthGrant.From(await app.CredentialsAsync(admin, "ga4"))!;
        Assert.NotEqual(first.AccessToken, kept.AccessToken);
        Assert.Equal(first.RefreshToken, kept.RefreshToken); // Google keeps the refresh token; only the access token is new
        Assert.True(SandboxOAuth.ReadAccessToken(kept.AccessToken).Expires > SandboxOAuth.ReadAccessToken(first.AccessToken).Expires);
        Assert.True(kept.RefreshAt > connectedAt + ShortTokensApp.Lifetime, "the kept token is one the sync got, not the sign-in's");
    }

    [Fact]
    public async Task A_zendesk_refresh_replaces_both_tokens_as_zendesk_does_and_the_sync_keeps_the_new_refresh_token()
    {
        var admin = await ApiUser.RegisterAsync(app, "refreshzendesk");
        var first = await SignInAsync(admin, "zendesk", new Dictionary<string, string>());
        await Task.Delay(ShortTokensApp.Lifetime + TimeSpan.FromSeconds(1));

        var run = await admin.SyncAndWaitAsync("zendesk");

        Assert.True(run.Run.Status == WorkPipelines.Domain.Pipelines.PipelineRunStatus.Succeeded, run.Run.ErrorMessage);
        var kept = OAuthGrant.From(await app.CredentialsAsync(admin, "zendesk"))!;
        Assert.NotEqual(first.AccessToken, kept.AccessToken);
        Assert.NotNull(kept.RefreshToken);
        Assert.NotEqual(first.RefreshToken, kept.RefreshToken); // Zendesk answers a refresh with a new refresh token
    }

    private async Task<OAuthGrant> SignInAsync(ApiUser admin, string provider, Dictionary<string, string> fields)
    {
        using var browser = await SignInFlow.SignInAsync(app, admin);
        var start = ConnectWithEndpoints.StartUrl(provider, (await admin.MeAsync()).Workspace.WorkspaceId, sandbox: true, fields, SyncSchedule.Manual);
        Assert.Equal(provider, SignInFlow.Query(await browser.ConsentAsync(await browser.StartAsync(start), allow: true), "connected"));
        await admin.WaitForIdleAsync();
        return OAuthGrant.From(await app.CredentialsAsync(admin, provider))!;
    }

}
