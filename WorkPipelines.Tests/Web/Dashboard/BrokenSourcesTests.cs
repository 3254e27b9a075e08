using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Dashboard;

/// <summary>
/// The app with a traffic source that throws, an ads source that never answers, and an email source whose
/// query blocks its thread and ignores cancellation (as a synchronous SQLite call stuck on a lock would).
/// </summary>
public sealed class BrokenSourcesApp : WorkAppFactory
{
    /// <summary>Holds the email panel's thread until the test lets it go.</summary>
    public static readonly ManualResetEventSlim StuckEmail = new(false);

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Generous, so a loaded CI machine can't push a healthy panel past it; the stuck ones wait it out.
        builder.UseSetting("Dashboard:PanelTimeout", "00:00:20");
        builder.ConfigureTestServices(services => services.AddScoped<DashboardQueries, BrokenQueries>());
    }

    private sealed class BrokenQueries(WorkDbContext db, CurrentWorkspace workspace) : DashboardQueries(db, workspace)
    {
        public override async Task<PanelData> PanelAsync(PanelDefinition panel, Period period, CancellationToken cancellationToken = default)
        {
            if (panel.Key == "traffic") throw new HttpRequestException("analytics warehouse is down");
            if (panel.Key == "ads") await Task.Delay(Timeout.Infinite, cancellationToken);
            if (panel.Key == "email") StuckEmail.Wait(CancellationToken.None);
            return await base.PanelAsync(panel, period, cancellationToken);
        }
    }
}

public sealed class BrokenSourcesTests(BrokenSourcesApp app) : IClassFixture<BrokenSourcesApp>
{
    [Fact]
    public async Task One_source_throwing_and_others_hanging_leave_the_other_panels_ok_within_the_timeout()
    {
        var user = await ApiUser.RegisterAsync(app, "broken");

        // The ads and email panels never answer: that this call returns at all is the point (no wall-clock assertion;
        // the 90 s cancellation only turns "the call waits for the stuck panel forever" into a failure).
        DashboardData dashboard;
        using (var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
        {
            try { dashboard = (await user.Client.GetFromJsonAsync<DashboardData>("api/work/dashboard/aggregate?period=7d", ApiUser.Json, giveUp.Token))!; }
            finally { BrokenSourcesApp.StuckEmail.Set(); }
        }

        var byKey = dashboard.Panels.ToDictionary(p => p.Key);
        Assert.Equal(PanelStatus.Error, byKey["traffic"].Status);
        Assert.Contains("could not be loaded", byKey["traffic"].Error);
        Assert.Equal(PanelStatus.Error, byKey["ads"].Status);
        Assert.Contains("took longer than 20 s", byKey["ads"].Error);
        Assert.Equal(PanelStatus.Error, byKey["email"].Status);
        Assert.Contains("took longer than 20 s", byKey["email"].Error);
        Assert.All(new[] { "revenue", "social", "support" }, key => Assert.Equal(PanelStatus.NotConnected, byKey[key].Status));
    }
}
