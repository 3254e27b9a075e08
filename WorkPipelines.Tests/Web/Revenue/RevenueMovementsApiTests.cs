using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WorkPipelines.Domain.Connectors;
using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Revenue;
using WorkPipelines.Tests.Infrastructure;

namespace WorkPipelines.Tests.Web.Revenue;

/// <summary>
/// <c>GET /api/work/revenue/movements</c> over raw subscription records seeded as the Stripe connector writes them
/// (one per start, discount end and stop, the customer as the dimension).
/// </summary>
[Collection(AppCollection.Name)]
public class RevenueMovementsApiTests(WorkAppFactory app)
{
    private const string FirstQuarter = "api/work/revenue/movements?from=2026-01-01&to=2026-03-31";

    [Fact]
    public async Task Months_of_movements_come_from_the_workspaces_subscription_records_one_table_per_currency()
    {
        var admin = await ApiUser.RegisterAsync(app, "movements");
        await SeedAsync(admin,
            // cus_1 pays 50 from December, cancels 15 February and comes back at 60 on 2 March.
            ("sub_1:start", "cus_1", "2025-12-10", "usd", """{"mrr.new":50,"subscriptions.new":1}"""),
            ("sub_1:end", "cus_1", "2026-02-15", "usd", """{"mrr.churned":50,"subscriptions.churned":1}"""),
            ("sub_3:start", "cus_1", "2026-03-02", "usd", """{"mrr.new":60,"subscriptions.new":1}"""),
            // cus_2 starts at 24 in January; its 20 % discount ends on 1 March (+6).
            ("sub_2:start", "cus_2", "2026-01-05", "usd", """{"mrr.new":24,"subscriptions.new":1}"""),
            ("sub_2:discount-end:1772323200", "cus_2", "2026-03-01", "usd", """{"mrr.expansion":6}"""),
            // cus_3 pays in euros: a table of its own.
            ("sub_4:start", "cus_3", "2026-02-01", "eur", """{"mrr.new":90,"subscriptions.new":1}"""));

        var response = await admin.Client.GetAsync(FirstQuarter);
        var data = (await response.Content.ReadFromJsonAsync<RevenueMovementsData>(ApiUser.Json))!;
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(data.Connected);
        Assert.Equal(["EUR", "USD"], data.Currencies);
        var usd = data.Tables.Single(t => t.Currency == "USD").Months;
        Assert.Equal((50.0, 24.0, 0.0, 74.0), (usd[0].Starting, usd[0].New, usd[0].Churn, usd[0].Ending));
        Assert.Equal((74.0, 50.0, 24.0, 1), (usd[1].Starting, usd[1].Churn, usd[1].Ending, usd[1].Customers.Churned));
        Assert.Equal((24.0, 60.0, 6.0, 90.0, 1), (usd[2].Starting, usd[2].Reactivation, usd[2].Expansion, usd[2].Ending, usd[2].Customers.Reactivated));
        // The one cohort that first paid in the range: cus_2 in January, 24 growing to 30 (cus_1 first paid in December).
        var cohort = data.Tables.Single(t => t.Currency == "USD").Cohorts.Single();
        Assert.Equal((new DateOnly(2026, 1, 1), 1, 24.0), (cohort.Month, cohort.Customers, cohort.StartingMrr));
        Assert.Equal([1.0, 1.0, 1.25], cohort.Months.Select(m => m.RevenueRetention!.Value));
        var eur = data.Tables.Single(t => t.Currency == "EUR");
        Assert.Equal((0.0, 90.0, 90.0), (eur.Months[0].Starting, eur.Months[1].New, eur.Total.Ending));
        // The ratios are in the answer, and null (not 0) where there is nothing to divide by.
        var tables = json.RootElement.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("currency").GetString()!);
        var february = tables["USD"].GetProperty("months")[1];
        Assert.Equal(0, february.GetProperty("quickRatio").GetDouble());
        Assert.Equal(24.0 / 74, february.GetProperty("netRevenueRetention").GetDouble(), precision: 9);
        Assert.Equal(0.5, february.GetProperty("customerChurnRate").GetDouble());
        Assert.Equal(JsonValueKind.Null, tables["EUR"].GetProperty("months")[0].GetProperty("netRevenueRetention").ValueKind);
    }

    [Fact]
    public async Task A_year_of_the_sandbox_shop_has_every_kind_of_movement_including_customers_coming_back()
    {
        var admin = await ApiUser.RegisterAsync(app, "movements-sandbox");
        await admin.ConnectSandboxAsync("stripe", historyDays: 365);
        await admin.WaitForIdleAsync();

        var data = (await admin.Client.GetFromJsonAsync<RevenueMovementsData>("api/work/revenue/movements?period=12m", ApiUser.Json))!;

        var total = data.Tables.Single(t => t.Currency == "USD").Total;
        Assert.True(total.New > 0 && total.Churn > 0 && total.Expansion > 0, $"new {total.New}, churn {total.Churn}, expansion {total.Expansion}");
        Assert.True(total.Reactivation > 0 && total.Customers.Reactivated > 0, $"reactivation {total.Reactivation} from {total.Customers.Reactivated} customers");
    }

    [Fact]
    public async Task Another_workspaces_subscriptions_never_show_and_without_Stripe_it_says_not_connected()
    {
        var victim = await ApiUser.RegisterAsync(app, "movements-victim");
        await SeedAsync(victim, ("sub_v:start", "cus_v", "2026-01-10", "usd", """{"mrr.new":500,"subscriptions.new":1}"""));
        var other = await ApiUser.RegisterAsync(app, "movements-other");

        var data = (await other.Client.GetFromJsonAsync<RevenueMovementsData>(FirstQuarter, ApiUser.Json))!;
        var own = (await victim.Client.GetFromJsonAsync<RevenueMovementsData>(FirstQuarter, ApiUser.Json))!;

        Assert.False(data.Connected);
        Assert.Empty(data.Tables);
        Assert.Equal(500, own.Tables.Single().Total.New);
    }

    [Theory]
    [InlineData("?period=2w", "unknown period '2w'; valid: 7d, 30d, 90d, 12m, mtd, lastmonth, quarter, lastquarter, custom")]
    [InlineData("?from=2026-03-01&to=2026-01-01", "the range ends (2026-01-01) before it starts (2026-03-01)")]
    [InlineData("?from=2026-03-01", "custom periods need from and to (yyyy-MM-dd)")]
    [InlineData("?from=1900-01-01&to=2026-01-01", "custom dates must lie between 1990-01-01 and 2099-12-31")]
    public async Task A_bad_period_is_a_problem_that_says_what_is_valid(string query, string title)
    {
        var admin = await ApiUser.RegisterAsync(app, "movements-bad");

        var response = await admin.Client.GetAsync("api/work/revenue/movements" + query);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(title, problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_default_is_twelve_months_and_the_route_is_described_in_OpenAPI()
    {
        var admin = await ApiUser.RegisterAsync(app, "movements-default");
        await SeedAsync(admin);
        using var anonymous = app.CreateAnonymousClient();

        var data = (await admin.Client.GetFromJsonAsync<RevenueMovementsData>("api/work/revenue/movements", ApiUser.Json))!;
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("openapi/v1.json"));
        var operation = document.RootElement.GetProperty("paths").GetProperty("/api/work/revenue/movements").GetProperty("get");

        Assert.InRange(data.To.DayNumber - data.From.DayNumber + 1, 365, 366);
        Assert.True(data.Connected);
        Assert.Empty(data.Tables);
        Assert.Contains("MRR movements per calendar month", operation.GetProperty("summary").GetString());
    }

    /// <summary>A Stripe connection with raw subscription records: (external id, customer, day, currency, values).</summary>
    private async Task SeedAsync(ApiUser admin, params (string Id, string Customer, string Date, string Currency, string Values)[] records)
    {
        var workspace = (await admin.MeAsync()).Workspace.WorkspaceId;
        await app.InWorkspaceAsync(admin, db =>
        {
            var connection = new Connection
            {
                WorkspaceId = workspace, Provider = "stripe", ProtectedCredentials = "-", BaseUrl = "https://example.invalid/",
                Status = ConnectionStatus.Healthy, LastSuccessAt = DateTimeOffset.UtcNow,
            };
            db.Connections.Add(connection);
            foreach (var (id, customer, date, currency, values) in records)
            {
                var withMarker = JsonSerializer.Deserialize<Dictionary<string, double>>(values)!;
                withMarker[CurrencyMarkers.Of(currency).Metric] = 1;
                db.SourceRecords.Add(new SourceRecord
                {
                    WorkspaceId = workspace, ConnectionId = connection.Id, Stream = RevenueMovements.Stream, ExternalId = id,
                    Date = DateOnly.Parse(date), Dimension = customer, ValuesJson = JsonSerializer.Serialize(withMarker), SyncedAt = DateTimeOffset.UtcNow,
                });
            }
            return db.SaveChangesAsync();
        });
    }
}
