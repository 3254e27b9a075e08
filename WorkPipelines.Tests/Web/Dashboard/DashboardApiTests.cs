using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Dashboard;

[Collection(AppCollection.Name)]
public class DashboardApiTests(WorkAppFactory app)
{
    [Fact]
    public async Task Revenue_numbers_equal_sums_of_the_raw_records_and_unconnected_panels_say_so()
    {
        var admin = await ApiUser.RegisterAsync(app, "dash");
        await admin.ConnectSandboxAsync("stripe", historyDays: 70);
        await admin.WaitForIdleAsync();

        var dashboard = (await admin.Client.GetFromJsonAsync<DashboardData>("api/work/dashboard/aggregate?period=30d", ApiUser.Json))!;
        var revenue = dashboard.Panels.Single(p => p.Key == "revenue");
        var period = dashboard.Period;
        var raw = await app.InWorkspaceAsync(admin, db => db.SourceRecords.Where(r => r.Date >= period.From && r.Date <= period.To).Select(r => r.ValuesJson).ToListAsync());
        var rawPrevious = await app.InWorkspaceAsync(admin, db => db.SourceRecords.Where(r => r.Date >= period.CompareFrom && r.Date <= period.CompareTo).Select(r => r.ValuesJson).ToListAsync());

        Assert.Equal(PanelStatus.Ok, revenue.Status);
        Assert.Equal(Sum(raw, "revenue.gross"), Kpi(revenue, "gross").Value!.Value, tolerance: 0.01);
        Assert.Equal(Sum(raw, "revenue.gross") - Sum(raw, "revenue.refunds"), Kpi(revenue, "net").Value!.Value, tolerance: 0.01);
        Assert.Equal(Sum(raw, "customers.new"), Kpi(revenue, "customers").Value!.Value, tolerance: 0.01);
        Assert.Equal(Sum(rawPrevious, "revenue.gross"), Kpi(revenue, "gross").Previous!.Value, tolerance: 0.01);
        Assert.Equal(30, revenue.Days.Count);
        Assert.Equal(Sum(raw, "revenue.gross"), revenue.Series[0].Values.Sum(), tolerance: 0.01);
        Assert.All(dashboard.Panels.Where(p => p.Key != "revenue"), p => Assert.Equal(PanelStatus.NotConnected, p.Status));
        Assert.Equal(Sum(raw, "revenue.gross") - Sum(raw, "revenue.refunds"), dashboard.Blended.Single(k => k.Key == "revenue").Value!.Value, tolerance: 0.01);
        // MRR is a level: every subscription started minus every one cancelled, up to the period's end.
        var history = await app.InWorkspaceAsync(admin, db => db.SourceRecords.Where(r => r.Date <= period.To).Select(r => r.ValuesJson).ToListAsync());
        Assert.Equal(Sum(history, "mrr.new") - Sum(history, "mrr.churned"), Kpi(revenue, "mrr").Value!.Value, tolerance: 0.01);
    }

    [Fact]
    public async Task Another_workspaces_numbers_never_reach_the_panels_the_strip_or_the_drill_down()
    {
        // The dashboard reads daily metrics by its own SQL, past EF's tenant filter: each part must name the workspace itself.
        var small = await ApiUser.RegisterAsync(app, "dash-tenant-small");
        var big = await ApiUser.RegisterAsync(app, "dash-tenant-big");
        await small.ConnectSandboxAsync("stripe", historyDays: 5);
        await big.ConnectSandboxAsync("stripe", historyDays: 70);
        await small.WaitForIdleAsync();
        await big.WaitForIdleAsync();

        foreach (var user in new[] { small, big })
        {
            var dashboard = (await user.Client.GetFromJsonAsync<DashboardData>("api/work/dashboard/aggregate?period=90d", ApiUser.Json))!;
            var revenue = dashboard.Panels.Single(p => p.Key == "revenue");
            var period = dashboard.Period;
            var raw = await app.InWorkspaceAsync(user, db => db.SourceRecords.Where(r => r.Date >= period.From && r.Date <= period.To).Select(r => r.ValuesJson).ToListAsync());
            var history = await app.InWorkspaceAsync(user, db => db.SourceRecords.Where(r => r.Date <= period.To).Select(r => r.ValuesJson).ToListAsync());
            var days = await user.Client.GetStringAsync("api/work/dashboard/revenue/days.csv?period=90d");

            Assert.True(Sum(raw, "revenue.gross") > 0);
            Assert.Equal(Sum(raw, "revenue.gross"), Kpi(revenue, "gross").Value!.Value, tolerance: 0.01);
            Assert.Equal(Sum(raw, "revenue.gross"), revenue.Series[0].Values.Sum(), tolerance: 0.01);
            Assert.Equal(Sum(history, "mrr.new") - Sum(history, "mrr.churned"), Kpi(revenue, "mrr").Value!.Value, tolerance: 0.01);
            Assert.Equal(Sum(raw, "revenue.gross") - Sum(raw, "revenue.refunds"), dashboard.Blended.Single(k => k.Key == "revenue").Value!.Value, tolerance: 0.01);
            Assert.Equal(Sum(raw, "revenue.gross"), days.Split("\r\n").Skip(1).Where(l => l.Length > 0).Sum(l => double.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)), tolerance: 0.01);
        }
    }

    [Fact]
    public async Task A_failing_source_keeps_its_numbers_marked_stale_and_the_rest_of_the_dashboard_works()
    {
        var admin = await ApiUser.RegisterAsync(app, "stale");
        await admin.ConnectSandboxAsync("stripe", historyDays: 10);
        await admin.WaitForIdleAsync();
        await admin.SetFaultsAsync("stripe", new { tokenExpired = true });
        await admin.SyncAndWaitAsync("stripe");

        var revenue = (await admin.Client.GetFromJsonAsync<PanelData>("api/work/revenue?period=7d", ApiUser.Json))!;

        Assert.Equal(PanelStatus.Stale, revenue.Status);
        Assert.NotNull(revenue.AsOf);
        Assert.True(Kpi(revenue, "gross").Value > 0);
    }

    [Fact]
    public async Task Followers_are_the_last_days_count_not_a_sum_over_the_period()
    {
        var admin = await ApiUser.RegisterAsync(app, "followers");
        await admin.ConnectSandboxAsync("social", historyDays: 12);
        await admin.WaitForIdleAsync();

        var social = (await admin.Client.GetFromJsonAsync<PanelData>("api/work/social?period=7d", ApiUser.Json))!;
        var lastDay = await app.InWorkspaceAsync(admin, db => db.DailyMetrics
            .Where(m => m.Metric == "social.followers" && m.Dimension == "").OrderByDescending(m => m.Date).Select(m => m.Value).FirstAsync());

        Assert.Equal(PanelStatus.Ok, social.Status);
        Assert.Equal(lastDay, Kpi(social, "followers").Value);
    }

    [Fact]
    public async Task Instagram_has_a_panel_of_its_own_from_the_social_connection_apart_from_the_facebook_numbers()
    {
        var admin = await ApiUser.RegisterAsync(app, "instagram-panel");
        await admin.ConnectSandboxAsync("social", historyDays: 12);
        await admin.WaitForIdleAsync();

        var dashboard = (await admin.Client.GetFromJsonAsync<DashboardData>("api/work/dashboard/aggregate?period=7d", ApiUser.Json))!;
        var instagram = dashboard.Panels.Single(p => p.Key == "instagram");
        var facebook = dashboard.Panels.Single(p => p.Key == "social");
        var period = dashboard.Period;
        var raw = await app.InWorkspaceAsync(admin, db => db.SourceRecords.Where(r => r.Date >= period.From && r.Date <= period.To).Select(r => r.ValuesJson).ToListAsync());
        var followers = await app.InWorkspaceAsync(admin, db => db.DailyMetrics
            .Where(m => m.Metric == "instagram.followers" && m.Dimension == "").OrderByDescending(m => m.Date).Select(m => m.Value).FirstAsync());

        Assert.Equal(PanelStatus.Ok, instagram.Status);
        Assert.Equal("Instagram", instagram.Title);
        Assert.Equal(followers, Kpi(instagram, "followers").Value);
        Assert.Equal(Sum(raw, "instagram.reach"), Kpi(instagram, "reach").Value!.Value, tolerance: 0.01);
        Assert.Equal(Sum(raw, "instagram.profile_views"), Kpi(instagram, "profile_views").Value!.Value, tolerance: 0.01);
        Assert.True(Sum(raw, "instagram.profile_views") > 0);
        Assert.Equal(Sum(raw, "instagram.posts"), Kpi(instagram, "posts").Value!.Value, tolerance: 0.01);
        Assert.NotEmpty(instagram.Breakdown);
        // The Facebook panel's numbers stay the Page's own: Instagram's reach is not added to them.
        Assert.Equal(Sum(raw, "social.reach"), Kpi(facebook, "reach").Value!.Value, tolerance: 0.01);
    }

    [Fact]
    public async Task First_reply_is_the_median_of_the_raw_tickets_not_an_average()
    {
        var admin = await ApiUser.RegisterAsync(app, "median");
        await admin.ConnectSandboxAsync("zendesk", historyDays: 12);
        await admin.WaitForIdleAsync();

        var support = (await admin.Client.GetFromJsonAsync<PanelData>("api/work/support?period=7d", ApiUser.Json))!;
        var period = (await admin.Client.GetFromJsonAsync<DashboardData>("api/work/dashboard/aggregate?period=7d", ApiUser.Json))!.Period;
        var minutes = (await app.InWorkspaceAsync(admin, db => db.SourceRecords.Where(r => r.Date >= period.From && r.Date <= period.To).Select(r => r.ValuesJson).ToListAsync()))
            .Select(v => JsonSerializer.Deserialize<Dictionary<string, double>>(v)!)
            .Where(v => v.ContainsKey("support.first_reply_minutes")).Select(v => v["support.first_reply_minutes"]).Order().ToList();
        var median = minutes.Count % 2 == 1 ? minutes[minutes.Count / 2] : (minutes[minutes.Count / 2 - 1] + minutes[minutes.Count / 2]) / 2;

        Assert.NotEmpty(minutes);
        // Read from the rollup's histograms: exact under an hour, within 1 % above (MedianHistograms).
        Assert.Equal(median, Kpi(support, "first_reply").Value!.Value, tolerance: median < 60 ? 1e-6 : median * 0.01);
    }

    [Theory]
    [InlineData("period=2w", "unknown period '2w'; valid: 7d, 30d, 90d, 12m, mtd, custom")]
    [InlineData("compare=someday", "unknown compare 'someday'; valid: previous, year")]
    [InlineData("period=custom&from=2026-03-01&to=2026-02-01", "before it starts")]
    [InlineData("period=custom&from=2020-01-01&to=2026-01-01", "at most 3 years")]
    [InlineData("period=custom&from=yesterday&to=2026-01-01", "")]
    public async Task Bad_periods_get_a_problem_naming_what_is_valid(string query, string message)
    {
        var user = await ApiUser.RegisterAsync(app);

        var aggregate = await user.Client.GetAsync($"api/work/dashboard/aggregate?{query}");
        var domain = await user.Client.GetAsync($"api/work/ads?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, aggregate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, domain.StatusCode);
        Assert.Contains(message, await aggregate.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Drill_down_csv_has_a_row_per_day_adding_up_to_the_panels_numbers()
    {
        var admin = await ApiUser.RegisterAsync(app, "csv");
        await admin.ConnectSandboxAsync("stripe", historyDays: 10);
        await admin.WaitForIdleAsync();

        var response = await admin.Client.GetAsync("api/work/dashboard/revenue/days.csv?period=7d");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var panel = (await admin.Client.GetFromJsonAsync<PanelData>("api/work/revenue?period=7d", ApiUser.Json))!;

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        // Ten days of history reach into the week before, so each row also holds its compared day.
        Assert.Equal("Date,Gross revenue,Refunds,Compared with,Gross revenue (compared),Refunds (compared),Currency", lines[0]);
        Assert.Equal(8, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.EndsWith(",USD", l));
        Assert.Equal(Kpi(panel, "gross").Value!.Value,
            lines.Skip(1).Sum(l => double.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)), tolerance: 0.1);
    }

    [Fact]
    public async Task Unknown_panel_export_names_the_known_ones()
    {
        var user = await ApiUser.RegisterAsync(app);

        var response = await user.Client.GetAsync("api/work/dashboard/profit/days.csv");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("known: revenue, traffic, ads, social, instagram, email, support", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Csv_quotes_what_needs_quoting_and_keeps_formulas_as_text()
    {
        var detail = new PanelDetail("ads", "Ads", ["Spend"], [], "Campaign", [new("Spring, \"big\" sale", 12.5), new("=HYPERLINK(\"x\")", 3)], KpiFormat.Money);

        var csv = detail.BreakdownCsv();

        Assert.Equal("Campaign,Value\r\n\"Spring, \"\"big\"\" sale\",12.5\r\n\"'=HYPERLINK(\"\"x\"\")\",3\r\n", csv);
    }

    [Fact]
    public void Csv_holds_the_comparison_beside_each_day_and_each_name()
    {
        var days = new DetailDay[] { new(new DateOnly(2026, 12, 6), [120, 5]), new(new DateOnly(2026, 12, 7), [80, 0]) };
        var before = new DetailDay[] { new(new DateOnly(2026, 11, 29), [100, 2.5]) };
        var detail = new PanelDetail("revenue", "Revenue", ["Gross revenue", "Refunds"], days, "Product", [new("Rain Jacket", 200), new("Linen Shirt", 50)], KpiFormat.Money)
        {
            PreviousDays = before, PreviousBreakdown = [new("Rain Jacket", 150)], Currencies = ["USD"],
        };

        Assert.Equal(
            "Date,Gross revenue,Refunds,Compared with,Gross revenue (compared),Refunds (compared),Currency\r\n" +
            "2026-12-06,120,5,2026-11-29,100,2.5,USD\r\n" +
            "2026-12-07,80,0,,,,USD\r\n", detail.DaysCsv());
        Assert.Equal("Product,Value,Compared,Currency\r\nRain Jacket,200,150,USD\r\nLinen Shirt,50,,USD\r\n", detail.BreakdownCsv());
    }

    private static KpiValue Kpi(PanelData panel, string key) => panel.Kpis.Single(k => k.Key == key);

    private static double Sum(IEnumerable<string> values, string metric) =>
        values.Sum(v => JsonSerializer.Deserialize<Dictionary<string, double>>(v)!.GetValueOrDefault(metric));
}
