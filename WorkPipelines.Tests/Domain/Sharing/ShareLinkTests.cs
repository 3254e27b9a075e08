using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Sharing;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Domain.Sharing;

/// <summary>
/// Share links in the domain: what a link opens (only its panels of only its workspace), that only the token's hash is kept, and
/// that a revoked link and one past its expiry (on a clock set by hand) open nothing.
/// </summary>
[Collection(AppCollection.Name)]
public class ShareLinkTests(WorkAppFactory app)
{
    private static readonly DateTimeOffset Noon = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_link_to_traffic_and_support_opens_those_panels_with_their_numbers_and_nothing_else()
    {
        var admin = await SeedAsync();
        var (_, created) = await CreateAsync(admin, DateTimeOffset.UtcNow, Input(["support", "traffic"]));

        var data = await ReadAsync(created!.Token);

        Assert.NotNull(data);
        Assert.Equal(["traffic", "support"], data.Panels.Select(p => p.Key)); // the dashboard's order, whatever the order asked
        Assert.Null(data.Blended); // the headline strip mixes revenue and spend: not shared unless chosen
        Assert.Equal(1234, data.Panels[0].Kpis.Single(k => k.Key == "sessions").Value);
        Assert.Equal((await admin.MeAsync()).Workspace.WorkspaceName, data.Grant.WorkspaceName);
        Assert.DoesNotContain(data.Panels, p => p.Key == "revenue");
    }

    [Fact]
    public async Task The_headline_strip_is_shared_only_when_chosen()
    {
        var admin = await SeedAsync();
        var (_, created) = await CreateAsync(admin, DateTimeOffset.UtcNow, Input(["blended", "revenue"]));

        var data = await ReadAsync(created!.Token);

        Assert.NotNull(data?.Blended);
        Assert.Equal(5000, data.Blended.Single(k => k.Key == "revenue").Value);
        Assert.Equal(["revenue"], data.Panels.Select(p => p.Key));
    }

    [Fact]
    public async Task Only_the_tokens_SHA256_is_stored_anywhere()
    {
        var admin = await SeedAsync();
        var (_, created) = await CreateAsync(admin, DateTimeOffset.UtcNow, Input(["traffic"]));

        var share = await app.InWorkspaceAsync(admin, db => db.Set<Share>().SingleAsync(s => s.Id == created!.Share.Id));
        var activity = await app.InWorkspaceAsync(admin, db => db.Activity.Select(a => a.Target ?? "").ToListAsync());

        Assert.Equal(43, created!.Token.Length); // 256 bits, base64url
        Assert.Equal("/s/" + created.Token, created.Path);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(created.Token))), share.TokenHash);
        Assert.DoesNotContain(created.Token, System.Text.Json.JsonSerializer.Serialize(share));
        Assert.DoesNotContain(activity, a => a.Contains(created.Token));
        Assert.NotEqual(created.Token, (await CreateAsync(admin, DateTimeOffset.UtcNow, Input(["traffic"]))).Created!.Token);
    }

    [Fact]
    public async Task A_revoked_link_opens_nothing()
    {
        var admin = await SeedAsync();
        var (_, created) = await CreateAsync(admin, DateTimeOffset.UtcNow, Input(["traffic"]));
        var before = await OpenAsync(created!.Token, DateTimeOffset.UtcNow);

        var revoked = await InScopeAsync(admin, DateTimeOffset.UtcNow, s => s.RevokeAsync(created.Share.Id));

        Assert.Equal(ShareOpenState.Valid, before.State);
        Assert.True(revoked.Succeeded, revoked.Message);
        var after = await OpenAsync(created.Token, DateTimeOffset.UtcNow);
        Assert.Equal((ShareOpenState.Revoked, null), (after.State, after.Grant));
        Assert.Null(await ReadAsync(created.Token));
        Assert.Equal(ShareState.Revoked, (await InScopeAsync(admin, DateTimeOffset.UtcNow, s => s.GetAsync(created.Share.Id)))!.State);
    }

    [Fact]
    public async Task A_link_works_until_its_expiry_and_not_from_then_on()
    {
        var admin = await SeedAsync();
        var (result, created) = await CreateAsync(admin, Noon, Input(["traffic"], days: 7));

        var lastSecond = await OpenAsync(created!.Token, Noon.AddDays(7).AddSeconds(-1));
        var atExpiry = await OpenAsync(created.Token, Noon.AddDays(7));
        var listed = await InScopeAsync(admin, Noon.AddDays(8), s => s.GetAsync(created.Share.Id));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(Noon.AddDays(7), created.Share.ExpiresAt);
        Assert.Equal(ShareOpenState.Valid, lastSecond.State);
        Assert.Equal((ShareOpenState.Expired, null), (atExpiry.State, atExpiry.Grant));
        Assert.Equal(ShareState.Expired, listed!.State);
        Assert.StartsWith("Nothing any more: the link has expired. It showed Traffic for the last 30 days", listed.Exposes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // well formed, but no such link
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'")]
    public async Task A_token_that_is_not_a_link_opens_nothing(string token)
    {
        var opening = await OpenAsync(token, DateTimeOffset.UtcNow);

        Assert.Equal((ShareOpenState.Unknown, null), (opening.State, opening.Grant));
        Assert.Null(await ReadAsync(token));
    }

    [Fact]
    public async Task Another_workspaces_admin_neither_sees_nor_revokes_the_link_and_members_cannot_make_one()
    {
        var owner = await SeedAsync();
        var stranger = await ApiUser.RegisterAsync(app, "share-stranger");
        var member = await ApiUser.RegisterAsync(app, "share-member");
        await owner.AddMemberAsync(member, WorkspaceRole.Member);
        var (_, created) = await CreateAsync(owner, DateTimeOffset.UtcNow, Input(["traffic"]));

        var strangersList = await InScopeAsync(stranger, DateTimeOffset.UtcNow, s => s.ListAsync());
        var strangersGet = await InScopeAsync(stranger, DateTimeOffset.UtcNow, s => s.GetAsync(created!.Share.Id));
        var strangersRevoke = await InScopeAsync(stranger, DateTimeOffset.UtcNow, s => s.RevokeAsync(created!.Share.Id));
        var (membersCreate, _) = await InScopeAsync(member, DateTimeOffset.UtcNow, s => s.CreateAsync(Input(["traffic"])), workspaceOf: owner);
        var membersRevoke = await InScopeAsync(member, DateTimeOffset.UtcNow, s => s.RevokeAsync(created!.Share.Id), workspaceOf: owner);
        var membersList = await InScopeAsync(member, DateTimeOffset.UtcNow, s => s.ListAsync(), workspaceOf: owner);

        Assert.Empty(strangersList);
        Assert.Null(strangersGet);
        Assert.Equal(WorkPipelines.Domain.WorkError.NotFound, strangersRevoke.Error);
        Assert.Equal((WorkPipelines.Domain.WorkError.Forbidden, ShareService.AdminOnly), (membersCreate.Error, membersCreate.Message));
        Assert.Equal(WorkPipelines.Domain.WorkError.Forbidden, membersRevoke.Error);
        Assert.Single(membersList); // everyone in the workspace may see what it shares
        Assert.Equal(ShareOpenState.Valid, (await OpenAsync(created!.Token, DateTimeOffset.UtcNow)).State);
    }

    internal static ShareInput Input(IReadOnlyList<string> panels, int days = 7, string name = "Board") =>
        new(name, panels, "30d", "previous", null, null, days);

    private async Task<(WorkPipelines.Domain.WorkResult Result, ShareCreated? Created)> CreateAsync(ApiUser admin, DateTimeOffset now, ShareInput input) =>
        await InScopeAsync(admin, now, s => s.CreateAsync(input));

    private async Task<T> InScopeAsync<T>(ApiUser user, DateTimeOffset now, Func<ShareService, Task<T>> work, ApiUser? workspaceOf = null)
    {
        var me = await user.MeAsync();
        var workspace = workspaceOf is null ? me.Workspace : (await workspaceOf.MeAsync()).Workspace;
        var role = workspaceOf is null ? me.Workspace.Role : WorkspaceRole.Member;
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspace.WorkspaceId, workspace.WorkspaceName, me.UserId, role);
        return await work(ActivatorUtilities.CreateInstance<ShareService>(scope.ServiceProvider, (TimeProvider)new ManualTimeProvider(now)));
    }

    private async Task<ShareOpening> OpenAsync(string token, DateTimeOffset now)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await ActivatorUtilities.CreateInstance<ShareOpener>(scope.ServiceProvider, (TimeProvider)new ManualTimeProvider(now)).OpenAsync(token);
    }

    private async Task<SharedDashboardData?> ReadAsync(string token)
    {
        await using var scope = app.Services.CreateAsyncScope(); // no workspace: the token is the only way in
        return await scope.ServiceProvider.GetRequiredService<SharedDashboard>().ReadAsync(token);
    }

    // Sessions (GA4), revenue (Stripe) and tickets (Zendesk) today, so every shared panel has something to show or hide.
    private async Task<ApiUser> SeedAsync()
    {
        var admin = await ApiUser.RegisterAsync(app, "share");
        var workspace = (await admin.MeAsync()).Workspace.WorkspaceId;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await app.InWorkspaceAsync(admin, db =>
        {
            foreach (var (provider, metric, value) in new[] { ("ga4", "traffic.sessions", 1234.0), ("stripe", "revenue.gross", 5000), ("zendesk", "support.tickets_created", 7) })
            {
                db.Connections.Add(new Connection
                {
                    WorkspaceId = workspace, Provider = provider, ProtectedCredentials = "-", BaseUrl = "https://example.invalid/",
                    Status = ConnectionStatus.Healthy, LastSuccessAt = DateTimeOffset.UtcNow,
                });
                db.DailyMetrics.Add(new DailyMetric { WorkspaceId = workspace, Source = provider, Metric = metric, Date = today, Value = value });
            }
            return db.SaveChangesAsync();
        });
        return admin;
    }
}

/// <summary>The same on PostgreSQL.</summary>
[Collection(PostgresAppCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresShareLinkTests(PostgresWorkAppFactory app) : ShareLinkTests(app);
