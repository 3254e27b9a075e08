using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Sandbox;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Sandbox;

[Collection(AppCollection.Name)]
public sealed class SandboxAccountsTests(WorkAppFactory app)
{
    [Fact]
    public async Task Faults_set_through_another_instance_apply_here_once_the_cached_account_is_older_than_CacheFor()
    {
        // Two instances' sandbox account caches over one database, each with its own clock.
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var here = new SandboxAccounts(scopes, clock);
        var there = new SandboxAccounts(scopes, TimeProvider.System);
        var token = (await there.CreateAsync("stripe", historyDays: 3)).Token!;
        Assert.Equal(0, (await here.FindAsync(token))!.ErrorRate); // cached here, without faults

        await there.SetFaultsAsync(token, new SandboxFaults(ErrorRate: 0.3, LatencyMs: 40));
        clock.Advance(SandboxAccounts.CacheFor);
        var seen = (await here.FindAsync(token))!;

        Assert.Equal(0.3, seen.ErrorRate);
        Assert.Equal(40, seen.LatencyMs);
    }
}
