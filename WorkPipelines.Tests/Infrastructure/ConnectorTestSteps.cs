using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Sandbox;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Web.Pipelines;
using WorkPipelines.Web.Features.Connectors;

namespace WorkPipelines.Tests.Infrastructure;

/// <summary>Connect a sandbox provider, sync it, look at what landed: the steps every connector test takes.</summary>
internal static class ConnectorTestSteps
{
    public static async Task<ConnectorView> ConnectSandboxAsync(this ApiUser admin, string provider, int historyDays)
    {
        var response = await admin.Client.PutAsJsonAsync($"api/work/connectors/{provider}", new { useSandbox = true, schedule = "Manual", sandboxHistoryDays = historyDays });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ConnectorView>(ApiUser.Json))!;
    }

    public static async Task<RunDetail> SyncAndWaitAsync(this ApiUser admin, string provider, Func<RunSummary, bool>? until = null)
    {
        var response = await admin.Client.PostAsync($"api/work/sync/{provider}", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<SyncStarted>(ApiUser.Json))!;
        return await PipelinesApiTests.WaitForAsync(admin, started.RunId, until ?? (r => r.Status is PipelineRunStatus.Succeeded or PipelineRunStatus.Failed));
    }

    /// <summary>Waits for every sync of the workspace to end (the first one starts on connect).</summary>
    public static async Task WaitForIdleAsync(this ApiUser admin)
    {
        // A deadline for waiting, not a speed check: a 400-day Stripe history syncs in well under a minute on a quiet
        // machine, but CI shares two cores with every other test collection.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while ((await admin.Client.GetFromJsonAsync<List<ConnectorView>>("api/work/connectors", ApiUser.Json))!.Any(c => c.Sync is not null))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("syncs still running after 180 s");
            await Task.Delay(100);
        }
    }

    public static async Task<ConnectorView> ConnectorAsync(this ApiUser admin, string provider) =>
        (await admin.Client.GetFromJsonAsync<List<ConnectorView>>("api/work/connectors", ApiUser.Json))!.Single(c => c.Provider == provider);

    public static async Task SetFaultsAsync(this ApiUser admin, string provider, object faults)
    {
        var response = await admin.Client.PutAsJsonAsync($"api/work/connectors/{provider}/sandbox-faults", faults);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>Runs <paramref name="query"/> against the database as the user's workspace.</summary>
    public static async Task<T> InWorkspaceAsync<T>(this WorkAppFactory app, ApiUser user, Func<WorkDbContext, Task<T>> query)
    {
        var me = await user.MeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(me.Workspace.WorkspaceId, me.Workspace.WorkspaceName, me.UserId, me.Workspace.Role);
        return await query(scope.ServiceProvider.GetRequiredService<WorkDbContext>());
    }

    /// <summary>A connection's stored credentials, decrypted the way a sync does.</summary>
    public static Task<IReadOnlyDictionary<string, string>> CredentialsAsync(this WorkAppFactory app, ApiUser user, string provider) =>
        app.InWorkspaceAsync(user, async db => app.Services.GetRequiredService<CredentialProtector>()
            .Unprotect((await db.Connections.SingleAsync(c => c.Provider == provider)).ProtectedCredentials));

    /// <summary>The sandbox account behind a sandbox connection (to compute what it should have served).</summary>
    public static async Task<SandboxAccount> SandboxAccountAsync(this WorkAppFactory app, ApiUser user, string provider) =>
        (await app.Services.GetRequiredService<SandboxAccounts>().FindAsync(await app.SandboxTokenAsync(user, provider)))!;

    /// <summary>The raw API token of a sandbox connection, decrypted the way a sync does.</summary>
    public static Task<string> SandboxTokenAsync(this WorkAppFactory app, ApiUser user, string provider) =>
        app.InWorkspaceAsync(user, async db =>
        {
            var connection = await db.Connections.SingleAsync(c => c.Provider == provider);
            return SandboxAccounts.TokenOf(provider, app.Services.GetRequiredService<CredentialProtector>().Unprotect(connection.ProtectedCredentials));
        });

    /// <summary>
    /// A session on a fresh sandbox account through the app's own sandbox HTTP client (its resilience handler and
    /// timeouts included), outside any run: for connect checks and waits that a test drives on its own clock.
    /// </summary>
    public static async Task<ConnectorSession> SandboxSessionAsync(this WorkAppFactory app, string provider, Dictionary<string, string> credentials,
        TimeProvider? clock = null, Func<string, Task>? report = null)
    {
        var account = await app.Services.GetRequiredService<SandboxAccounts>().CreateAsync(provider, historyDays: 3);
        var secret = ProviderCatalog.Find(provider)!.Credentials.First(f => f.Secret).Name;
        var http = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient(ConnectorRegistry.SandboxHttpClientName);
        var baseUrl = new Uri(app.Services.GetRequiredService<SandboxAddress>().For(provider));
        return new ConnectorSession(http, baseUrl, new Dictionary<string, string>(credentials) { [secret] = account.Token! }, Guid.NewGuid(), ProviderCatalog.Find(provider)!.Title)
        {
            Time = clock ?? TimeProvider.System,
            ReportAsync = report ?? (_ => Task.CompletedTask),
        };
    }

    /// <summary>What every connector's expired-token test expects: failed at once, no retries, and the card asks to reconnect.</summary>
    public static void AssertFailedAtOnceNeedingReconnect(RunDetail run, ConnectorView connector)
    {
        Assert.Equal(PipelineRunStatus.Failed, run.Run.Status);
        Assert.Equal(1, run.Run.Attempt); // no retry storm
        Assert.Equal(PipelineErrorKind.Permanent, run.ErrorKind);
        Assert.Contains("needs reconnecting", run.Run.ErrorMessage);
        Assert.Equal("Needs reconnect", connector.State);
    }
}
