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
        new(new(2026, 1, 1), new(2026, 1, 31), 0, 100, 0, 0, 0, 0, 100, new Customers(0, 2, 0, 0, 0, 2)),
        new(new(2026, 2, 1), new(2026, 2, 28), 100, 0, 5, 10, 30, 0, 65, new Customers(2, 0, 0, 1, 0, 1)),
    ], new(new(2026, 1, 1), new(2026, 2, 28), 0, 100, 0, 10, 25, 0, 65, new Customers(0, 2, 0, 1, 0, 1)))
    {
        Cohorts = [new Cohort(new(2026, 1, 1), 2, 100, [new(0, new(2026, 1, 31), 2, 100, 1, 1), new(1, new(2026, 2, 28), 1, 65, 0.5, 0.65)])],
    };

    [Fact]
    public void Losses_read_as_minus_amounts_below_the_axis_and_a_ratio_without_a_start_says_why_it_is_empty()
    {
        var view = Render<MovementsView>(p => p.Add(v => v.Table, Table));

        var february = view.FindAll("[data-testid=movements-table] tbody tr")[1].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Feb 2026", "€100.00", "€0.00", "€5.00", "€0.00", "−€10.00", "−€30.00", "€65.00"], february);
        Assert.Equal("Whole period", view.FindAll("[data-testid=movements-table] tbody tr")[2].QuerySelector("td")!.TextContent.Trim());
        Assert.Contains("Not enough data: no MRR at the start of the period.", view.Find("[data-testid=kpi-nrr]").TextContent);
        Assert.Equal("€65.00", view.Find("[data-testid=kpi-mrr] [data-testid=kpi-value]").TextContent.Trim());
        var series = Json(Assert.Single(Calls("render")).Arguments[1])["series"]!.ToJsonString();
        Assert.Contains("\"Downgrades\"", series);
        Assert.Contains("-10", series);
        Assert.Contains("-30", series);
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
