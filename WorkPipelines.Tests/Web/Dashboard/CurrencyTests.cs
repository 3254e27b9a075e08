using System.Net.Http.Json;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Tests.Infrastructure;
using WorkPipelines.Tests.Web.Reports;

namespace WorkPipelines.Tests.Web.Dashboard;

/// <summary>Amounts of different currencies are never added or divided: panels, the blended strip, drill-downs and reports.</summary>
[Collection(AppCollection.Name)]
public class CurrencyTests(WorkAppFactory app)
{
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Fact]
    public async Task Stripe_in_EUR_and_Shopify_in_USD_are_never_summed_on_the_panel_the_strip_or_the_drill_down()
    {
        var admin = await ApiUser.RegisterAsync(app, "eur-usd");
        await SeedAsync(admin, ("stripe", "eur", "revenue.gross", 100), ("shopify", "usd", "revenue.gross", 40));

        var dashboard = (await admin.Client.GetFromJsonAsync<DashboardData>("api/work/dashboard/aggregate?period=7d", ApiUser.Json))!;
        var revenue = dashboard.Panels.Single(p => p.Key == "revenue");
        var blended = dashboard.Blended.Single(k => k.Key == "revenue");
        var csv = await admin.Client.GetStringAsync("api/work/dashboard/revenue/days.csv?period=7d");

        Assert.Equal(["EUR", "USD"], revenue.Currencies);
        Assert.Null(revenue.Kpis.Single(k => k.Key == "gross").Value);
        Assert.Null(blended.Value);
        Assert.Contains("EUR and USD", blended.Note);
        Assert.Equal("Date,Gross revenue,Refunds\r\n", csv);
    }

    [Fact]
    public async Task MER_divides_revenue_by_ad_spend_only_when_both_are_in_one_currency()
    {
        var mixed = await ApiUser.RegisterAsync(app, "mer-mixed");
        await SeedAsync(mixed, ("stripe", "eur", "revenue.gross", 200), ("meta", "usd", "ads.spend", 50));
        var same = await ApiUser.RegisterAsync(app, "mer-same");
        await SeedAsync(same, ("stripe", "usd", "revenue.gross", 200), ("meta", "usd", "ads.spend", 50));

        var across = await BlendedAsync(mixed);
        var within = await BlendedAsync(same);

        Assert.Null(across["mer"].Value);
        Assert.Contains("EUR and USD", across["mer"].Note);
        Assert.Equal((200.0, "EUR"), (across["revenue"].Value, across["revenue"].Currency));
        Assert.Equal((50.0, "USD"), (across["ad_spend"].Value, across["ad_spend"].Currency));
        Assert.Equal(4.0, within["mer"].Value);
        Assert.Null(within["mer"].Note);
    }

    [Fact]
    public async Task The_drill_down_csv_and_the_revenue_report_say_the_currency_the_money_is_in()
    {
        var admin = await ApiUser.RegisterAsync(app, "jpy");
        await SeedAsync(admin, ("stripe", "jpy", "revenue.gross", 4980));

        var csv = (await admin.Client.GetStringAsync("api/work/dashboard/revenue/days.csv?period=7d")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var report = await ReportsApiTests.WaitReadyAsync(admin, await admin.Client.PostAsJsonAsync("api/work/reports/generate", new { type = "Revenue", period = "7d" }));
        var reportCsv = await admin.Client.GetStringAsync($"api/work/reports/{report.Report.Id}/download?format=csv");
        var section = report.Model!.Sections.Single();

        Assert.Equal("Date,Gross revenue,Refunds,Currency", csv[0]);
        Assert.Contains($"{Yesterday:yyyy-MM-dd},4980,0,JPY", csv);
        Assert.Equal("JPY", section.Currency);
        Assert.Contains("Amounts in JPY", section.Note);
        Assert.Contains("Amounts in JPY", reportCsv);
    }

    private async Task<Dictionary<string, KpiValue>> BlendedAsync(ApiUser user) =>
        (await user.Client.GetFromJsonAsync<DashboardData>("api/work/dashboard/aggregate?period=7d", ApiUser.Json))!.Blended.ToDictionary(k => k.Key);

    /// <summary>Connected sources with one day of a metric each, and their connectors' currency markers.</summary>
    private async Task SeedAsync(ApiUser admin, params (string Source, string Currency, string Metric, double Value)[] metrics)
    {
        var workspace = (await admin.MeAsync()).Workspace.WorkspaceId;
        await app.InWorkspaceAsync(admin, db =>
        {
            foreach (var (source, currency, metric, value) in metrics)
            {
                db.Connections.Add(new Connection
                {
                    WorkspaceId = workspace, Provider = source, ProtectedCredentials = "-", BaseUrl = "https://example.invalid/",
                    Status = ConnectionStatus.Healthy, LastSuccessAt = DateTimeOffset.UtcNow,
                });
                var marker = CurrencyMarkers.Of(currency);
                db.DailyMetrics.Add(new DailyMetric { WorkspaceId = workspace, Source = source, Metric = metric, Date = Yesterday, Value = value });
                db.DailyMetrics.Add(new DailyMetric { WorkspaceId = workspace, Source = source, Metric = marker.Metric, Date = Yesterday, Value = marker.Value });
            }
            return db.SaveChangesAsync();
        });
    }
}
