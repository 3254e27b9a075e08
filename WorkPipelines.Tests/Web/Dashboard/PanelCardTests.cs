using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Data;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Domain.Workspaces;
using WorkPipelines.Web.Features.Dashboard;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Dashboard;

public sealed class PanelCardTests : ShellComponentContext
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private readonly GatedQueries.Gate _gate = new();
    private readonly Period _period = Period.Parse("7d", null, null, null, Today).Period!;

    public PanelCardTests()
    {
        Services.AddSingleton(_gate);
        Services.AddScoped<DashboardQueries, GatedQueries>();
    }

    [Fact]
    public void Shows_a_skeleton_until_its_data_arrives()
    {
        _gate.Hold = new TaskCompletionSource();
        var card = RenderCard();

        Assert.Equal("Loading", card.Find("[data-testid=panel-revenue]").GetAttribute("data-status"));
        Assert.NotEmpty(card.FindAll(".mud-skeleton"));

        _gate.Hold.SetResult();
        card.WaitForAssertion(() => Assert.Equal("NotConnected", card.Find("[data-testid=panel-revenue]").GetAttribute("data-status")));
    }

    [Fact]
    public void Without_a_source_it_offers_to_connect_one()
    {
        var card = RenderCard();

        card.WaitForAssertion(() => Assert.Contains("No Stripe or Shopify connected yet", card.Find("[data-testid=panel-not-connected]").TextContent));
        Assert.Equal("connectors", card.Find("[data-testid=panel-not-connected] a").GetAttribute("href"));
    }

    [Fact]
    public async Task With_synced_data_it_shows_the_numbers()
    {
        await ConnectAsync(ConnectionStatus.Healthy, gross: 1234.5);
        var card = RenderCard();

        card.WaitForAssertion(() => Assert.Equal("Ok", card.Find("[data-testid=panel-revenue]").GetAttribute("data-status")));
        Assert.Equal("$1,234.50", card.Find("[data-testid=kpi-gross] [data-testid=kpi-value]").TextContent);
        Assert.Empty(card.FindAll("[data-testid=stale-badge]"));
    }

    [Fact]
    public async Task Money_is_shown_in_the_settlement_currency_and_the_panel_says_so()
    {
        await ConnectAsync(ConnectionStatus.Healthy, gross: 4980, currency: "jpy");
        var card = RenderCard();

        card.WaitForAssertion(() => Assert.Equal("Ok", card.Find("[data-testid=panel-revenue]").GetAttribute("data-status")));
        Assert.Contains("Amounts in JPY", card.Find("[data-testid=panel-currency]").TextContent);
        Assert.StartsWith("JPY ", card.Find("[data-testid=kpi-gross] [data-testid=kpi-value]").TextContent);
    }

    [Fact]
    public async Task Amounts_in_several_currencies_are_never_added_up()
    {
        await ConnectAsync(ConnectionStatus.Healthy, gross: 4980, currency: "jpy");
        await ConnectAsync(ConnectionStatus.Healthy, gross: 10, currency: "usd", connect: false);
        var card = RenderCard();

        card.WaitForAssertion(() => Assert.Equal("Ok", card.Find("[data-testid=panel-revenue]").GetAttribute("data-status")));
        Assert.Contains("JPY, USD are not added together", card.Find("[data-testid=panel-currency]").TextContent);
        Assert.DoesNotContain("4,990", card.Find("[data-testid=kpi-gross]").TextContent);
        Assert.DoesNotContain("5k", card.Find("[data-testid=kpi-gross]").TextContent);
    }

    [Fact]
    public async Task Stripe_in_EUR_and_Shopify_in_USD_show_no_summed_revenue_on_the_panel_or_the_strip()
    {
        await ConnectAsync(ConnectionStatus.Healthy, gross: 100, currency: "eur");
        await ConnectAsync(ConnectionStatus.Healthy, gross: 40, currency: "usd", source: "shopify");
        var card = RenderCard();
        var strip = Render<BlendedStrip>(p => p.Add(c => c.Period, _period));

        card.WaitForAssertion(() => Assert.Equal("Ok", card.Find("[data-testid=panel-revenue]").GetAttribute("data-status")));
        strip.WaitForAssertion(() => Assert.NotEmpty(strip.FindAll("[data-testid=kpi-revenue]")));
        Assert.Contains("EUR, USD are not added together", card.Find("[data-testid=panel-currency]").TextContent);
        Assert.Equal("–", card.Find("[data-testid=kpi-gross] [data-testid=kpi-value]").TextContent);
        Assert.Equal("–", strip.Find("[data-testid=kpi-revenue] [data-testid=kpi-value]").TextContent);
        Assert.Contains("EUR and USD", strip.Find("[data-testid=kpi-revenue] [data-testid=kpi-note]").TextContent);
    }

    [Fact]
    public async Task The_ads_panel_shows_spend_in_the_ad_accounts_currency_and_says_so()
    {
        await ConnectAsync(ConnectionStatus.Healthy, gross: 0, currency: "eur", source: "meta", metric: "ads.spend", value: 321);
        var card = Render<PanelCard>(p => p.Add(c => c.Panel, PanelDefinitions.Find("ads")!).Add(c => c.Period, _period));

        card.WaitForAssertion(() => Assert.Equal("Ok", card.Find("[data-testid=panel-ads]").GetAttribute("data-status")));
        Assert.Contains("Amounts in EUR", card.Find("[data-testid=panel-currency]").TextContent);
        Assert.Equal("€321.00", card.Find("[data-testid=kpi-spend] [data-testid=kpi-value]").TextContent);
    }

    [Fact]
    public async Task When_its_source_is_failing_it_keeps_the_numbers_under_a_stale_badge()
    {
        await ConnectAsync(ConnectionStatus.NeedsReconnect, gross: 99);
        var card = RenderCard();

        card.WaitForAssertion(() => Assert.Equal("Stale", card.Find("[data-testid=panel-revenue]").GetAttribute("data-status")));
        Assert.Contains("Stale since", card.Find("[data-testid=stale-badge]").TextContent);
        Assert.Equal("$99.00", card.Find("[data-testid=kpi-gross] [data-testid=kpi-value]").TextContent);
    }

    [Fact]
    public void A_failing_panel_shows_its_error_and_Retry_loads_it_again()
    {
        _gate.FailuresLeft = 1;
        var card = RenderCard();

        card.WaitForAssertion(() => Assert.Contains("could not be loaded", card.Find("[data-testid=panel-error]").TextContent));
        card.Find("[data-testid=panel-retry]").Click();

        card.WaitForAssertion(() => Assert.Equal("NotConnected", card.Find("[data-testid=panel-revenue]").GetAttribute("data-status")));
    }

    [Fact]
    public void A_failing_blended_strip_says_so_without_breaking_the_page_and_Retry_loads_it()
    {
        _gate.FailuresLeft = 1;
        var strip = Render<BlendedStrip>(p => p.Add(c => c.Period, _period));

        strip.WaitForAssertion(() => Assert.Contains("could not be loaded", strip.Find("[data-testid=blended-error]").TextContent));
        strip.Find("[data-testid=blended-error] button").Click();

        strip.WaitForAssertion(() => Assert.Equal("$0.00", strip.Find("[data-testid=kpi-revenue] [data-testid=kpi-value]").TextContent));
    }

    [Fact]
    public async Task The_blended_strip_shows_new_numbers_when_a_sync_of_the_workspace_finishes()
    {
        await ConnectAsync(ConnectionStatus.Healthy, gross: 100);
        var strip = Render<BlendedStrip>(p => p.Add(c => c.Period, _period));
        strip.WaitForAssertion(() => Assert.Equal("$100.00", strip.Find("[data-testid=kpi-revenue] [data-testid=kpi-value]").TextContent));

        // What a sync does: new metrics, the connection's last sync time, then its final event.
        await SyncGrossAsync(23);
        Services.GetRequiredService<WorkPipelines.Domain.Pipelines.RunEventBus>().Publish(new(WorkPipelines.Domain.Pipelines.RunEventType.Succeeded, Guid.NewGuid(), Home.Id,
            WorkPipelines.Domain.Connectors.Sync.SyncConnection.KindName, "Stripe sync", WorkPipelines.Domain.Pipelines.PipelineRunStatus.Succeeded, 100, null, UserId, DateTimeOffset.UtcNow));

        strip.WaitForAssertion(() => Assert.Equal("$123.00", strip.Find("[data-testid=kpi-revenue] [data-testid=kpi-value]").TextContent));
    }

    private IRenderedComponent<PanelCard> RenderCard() =>
        Render<PanelCard>(p => p.Add(c => c.Panel, PanelDefinitions.Find("revenue")!).Add(c => c.Period, _period));

    private async Task ConnectAsync(ConnectionStatus status, double gross, string? currency = null, bool connect = true,
        string source = "stripe", string metric = "revenue.gross", double? value = null)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(Home.Id, Home.Name, UserId, WorkspaceRole.Admin);
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        if (connect)
        {
            db.Connections.Add(new Connection
            {
                WorkspaceId = Home.Id, Provider = source, ProtectedCredentials = "-", BaseUrl = "https://api.stripe.com/", Status = status,
                LastSuccessAt = DateTimeOffset.UtcNow.AddHours(-3),
            });
        }
        var day = connect ? Today : Today.AddDays(-1);
        db.DailyMetrics.Add(new DailyMetric { WorkspaceId = Home.Id, Source = source, Metric = metric, Date = day, Value = value ?? gross });
        if (currency is not null) db.DailyMetrics.Add(new DailyMetric { WorkspaceId = Home.Id, Source = source, Metric = "currency." + currency, Date = day, Value = 1 });
        await db.SaveChangesAsync();
    }

    private async Task SyncGrossAsync(double gross)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkDbContext>();
        db.DailyMetrics.Add(new DailyMetric { WorkspaceId = Home.Id, Source = "stripe", Metric = "revenue.gross", Date = Today.AddDays(-1), Value = gross });
        await db.SaveChangesAsync();
        await db.Connections.IgnoreQueryFilters().Where(c => c.WorkspaceId == Home.Id && c.Provider == "stripe")
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSyncAt, DateTimeOffset.UtcNow));
    }

    /// <summary>The real queries, behind a gate a test can hold closed or make fail.</summary>
    private sealed class GatedQueries(WorkDbContext db, CurrentWorkspace workspace, GatedQueries.Gate gate) : DashboardQueries(db, workspace)
    {
        public sealed class Gate
        {
            public TaskCompletionSource? Hold { get; set; }
            public int FailuresLeft { get; set; }
        }

        public override async Task<PanelData> PanelAsync(PanelDefinition panel, Period period, CancellationToken cancellationToken = default)
        {
            if (gate.Hold is { } hold) await hold.Task.WaitAsync(cancellationToken);
            if (gate.FailuresLeft-- > 0) throw new InvalidOperationException("source exploded");
            return await base.PanelAsync(panel, period, cancellationToken);
        }

        public override async Task<IReadOnlyList<KpiValue>> BlendedAsync(Period period, CancellationToken cancellationToken = default)
        {
            if (gate.FailuresLeft-- > 0) throw new InvalidOperationException("source exploded");
            return await base.BlendedAsync(period, cancellationToken);
        }
    }
}
