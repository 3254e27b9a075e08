using Bunit;
using WorkPipelines.Domain.Metrics.Revenue;
using WorkPipelines.Tests.Web.Components.Shared.Charts;
using WorkPipelines.Web.Features.Revenue;

namespace WorkPipelines.Tests.Web.Revenue;

/// <summary>One currency's movements on the page: tiles, the bars of gains and losses, the month and cohort tables.</summary>
public sealed class MovementsViewTests : ChartComponentContext
{
    private static readonly MovementsTable Table = new("EUR",
    [
        new(new(2025, 12, 1), new(2025, 12, 31), 0, 0, 0, 0, 0, 0, 0, new Customers(0, 0, 0, 0, 0, 0)),
        new(new(2026, 1, 1), new(2026, 1, 31), 0, 100, 0, 0, 0, 0, 100, new Customers(0, 2, 0, 0, 0, 2)),
        new(new(2026, 2, 1), new(2026, 2, 28), 100, 0, 5, 10, 30, 0, 65, new Customers(2, 0, 0, 1, 0, 1)),
    ], new(new(2026, 1, 1), new(2026, 2, 28), 0, 100, 0, 10, 25, 0, 65, new Customers(0, 2, 0, 1, 0, 1)))
    {
        Cohorts = [new Cohort(new(2026, 1, 1), 2, 100, [new(0, new(2026, 1, 31), 2, 100, 1, 1), new(1, new(2026, 2, 28), 1, 65, 0.5, 0.65)])],
    };

    [Fact]
    public void Losses_read_as_minus_amounts_below_the_axis_and_the_tiles_are_the_latest_month()
    {
        var view = Render<MovementsView>(p => p.Add(v => v.Table, Table));

        var rows = view.FindAll("[data-testid=movements-table] tbody tr");
        Assert.Equal(3, rows.Count); // December, before the first subscription, is left out
        Assert.Equal("Jan 2026", rows[0].QuerySelector("td")!.TextContent.Trim());
        var february = rows[1].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Feb 2026", "€100.00", "€0.00", "€5.00", "€0.00", "−€10.00", "−€30.00", "€65.00"], february);
        Assert.Equal("Whole period", rows[2].QuerySelector("td")!.TextContent.Trim());
        // The tiles are the latest month against the one before.
        Assert.Equal("Feb 2026, against Jan 2026", view.Find("[data-testid=movements-latest]").TextContent.Trim());
        Assert.Equal("€65.00", view.Find("[data-testid=kpi-mrr] [data-testid=kpi-value]").TextContent.Trim());
        Assert.Equal("65.0%", view.Find("[data-testid=kpi-nrr] [data-testid=kpi-value]").TextContent.Trim());
        Assert.Equal("50.0%", view.Find("[data-testid=kpi-customer-churn] [data-testid=kpi-value]").TextContent.Trim());
        var series = Json(Assert.Single(Calls("render")).Arguments[1])["series"]!.ToJsonString();
        Assert.Contains("\"Downgrades\"", series);
        Assert.Contains("-10", series);
        Assert.Contains("-30", series);
    }

    [Fact]
    public void A_ratio_without_a_start_says_why_it_is_empty()
    {
        // Only December (nothing yet) and January (the first customers): January starts from nothing.
        var view = Render<MovementsView>(p => p.Add(v => v.Table, Table with { Months = Table.Months.Take(2).ToList() }));

        Assert.Equal("–", view.Find("[data-testid=kpi-nrr] [data-testid=kpi-value]").TextContent.Trim());
        Assert.Contains("Not enough data: no MRR at the start of the month.", view.Find("[data-testid=kpi-nrr] [data-testid=kpi-note]").TextContent);
        Assert.Contains("Not enough data: no MRR was lost this month.", view.Find("[data-testid=kpi-quick] [data-testid=kpi-note]").TextContent);
    }

    [Fact]
    public void The_cohort_table_shows_the_share_of_starting_mrr_kept_each_month()
    {
        var view = Render<MovementsView>(p => p.Add(v => v.Table, Table));

        var row = view.Find("[data-testid=cohort-table] tbody tr").QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Jan 2026", "2", "100%", "65%"], row);
        Assert.Equal("1 of 2 customers still paying", view.Find("[data-testid=cohort-table] tbody tr").QuerySelectorAll("td")[3].GetAttribute("title"));
    }
}
