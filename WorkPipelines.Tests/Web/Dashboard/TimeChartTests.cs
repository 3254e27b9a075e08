using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Web.Features.Dashboard;

namespace WorkPipelines.Tests.Web.Dashboard;

public sealed class TimeChartTests
{
    private static readonly PanelDefinition Revenue = PanelDefinitions.Find("revenue")!;

    [Fact]
    public void Weeks_carry_their_comparison_as_dotted_twins_named_by_their_dates()
    {
        var from = new DateOnly(2026, 12, 3); // a Thursday
        SeriesData[] current = [new("Gross revenue", [1, 2, 3, 4, 5, 6, 7, 8]), new("Refunds", [0, 0, 1, 0, 0, 0, 0, 2])];
        SeriesData[] previous = [new("Gross revenue", [10, 10, 10, 10, 10, 10, 10, 10]), new("Refunds", [1, 1, 1, 1, 1, 1, 1, 1])];

        var chart = TimeChart.Build(Revenue, from, current, previous, TimeGrain.Week, "last year");

        Assert.Equal(["Gross revenue", "Refunds", "Gross revenue (last year)", "Refunds (last year)"], chart.Series.Select(s => s.Name));
        Assert.Equal([false, false, true, true], chart.Series.Select(s => s.IsComparison));
        Assert.Equal([10, 26], chart.Series[0].Values);
        Assert.Equal([40, 40], chart.Series[2].Values);
        Assert.Equal(["2026-12-03", "2026-12-07"], chart.Categories);
        Assert.Equal(["3 – 6 Dec 2026", "7 – 10 Dec 2026"], chart.Titles);
        Assert.Equal("per week", chart.Per);
    }

    [Fact]
    public void Whole_months_are_named_by_their_month_and_partial_ones_by_their_dates()
    {
        var chart = TimeChart.Build(Revenue, new DateOnly(2026, 11, 15), [new("Gross revenue", Enumerable.Repeat(1.0, 47).ToList())], [], TimeGrain.Month, "previous period");

        Assert.Equal(["15 – 30 Nov 2026", "December 2026"], chart.Titles);
        Assert.Equal([16, 31], chart.Series[0].Values);
    }

    [Fact]
    public void The_comparison_is_named_last_year_only_for_the_same_dates_a_year_before()
    {
        var today = new DateOnly(2026, 12, 7);
        Assert.Equal("last year", TimeChart.ComparisonName(Period.Parse("30d", "year", null, null, today).Period!));
        Assert.Equal("previous period", TimeChart.ComparisonName(Period.Parse("30d", "previous", null, null, today).Period!));
    }
}
