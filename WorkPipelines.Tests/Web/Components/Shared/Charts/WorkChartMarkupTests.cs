using Bunit;
using WorkPipelines.Web.Components.Shared.Charts;

namespace WorkPipelines.Tests.Web.Components.Shared.Charts;

/// <summary>What WorkChart shows around the chart: skeleton, accessible table, labels.</summary>
public sealed class WorkChartMarkupTests : ChartComponentContext
{
    [Fact]
    public void Hidden_table_lists_every_value_in_the_chosen_format()
    {
        var chart = RenderChart(
            [new ChartSeries("Revenue", [120, 80.5, null]), new ChartSeries("Refunds", [0, 12, 3])],
            p => p.Add(c => c.ValueFormat, ChartValueFormat.Money).Add(c => c.Currency, "EUR"));

        var table = chart.Find(".visually-hidden > table[data-testid=chart-data]");
        Assert.Equal("Revenue by day", table.QuerySelector("caption")!.TextContent);
        Assert.Equal(["Revenue", "Refunds"], table.QuerySelectorAll("thead th").Select(th => th.TextContent));
        var rows = table.QuerySelectorAll("tbody tr")
            .Select(tr => string.Join(" | ", tr.Children.Select(cell => cell.TextContent.Trim())))
            .ToList();
        Assert.Equal(
            ["Mon | 120.00 EUR | 0.00 EUR", "Tue | 80.50 EUR | 12.00 EUR", "Wed | no data | 3.00 EUR"],
            rows);
    }

    [Fact]
    public void Donut_table_pairs_labels_with_values()
    {
        var chart = RenderChart(
            [new ChartSeries("Share", [60, 40])],
            p => p.Add(c => c.Type, WorkChartType.Donut).Add(c => c.Labels, new[] { "Paid", "Organic" }).Add(c => c.ValueFormat, ChartValueFormat.Percent));

        var rows = chart.FindAll("[data-testid=chart-data] tbody tr")
            .Select(tr => string.Join(" | ", tr.Children.Select(cell => cell.TextContent.Trim())));
        Assert.Equal(["Paid | 60%", "Organic | 40%"], rows);
    }

    [Fact]
    public void Chart_element_is_labelled_for_screen_readers()
    {
        var chart = RenderChart(Revenue(1, 2, 3), p => p.Add(c => c.Type, WorkChartType.StackedBar));

        var label = chart.Find("[role=img]").GetAttribute("aria-label");

        Assert.Equal("Revenue by day: stacked bar chart. The values are in the table that follows.", label);
    }

    [Fact]
    public void Skeleton_shows_until_the_first_render_completes()
    {
        var render = Module.SetupVoid("render", _ => true);
        var chart = RenderChart(Revenue(1, 2, 3));
        Assert.NotEmpty(chart.FindAll(".work-chart-skeleton"));

        render.SetVoidResult();

        chart.WaitForAssertion(() => Assert.Empty(chart.FindAll(".work-chart-skeleton")));
    }

    [Fact]
    public void Height_sizes_the_frame_and_the_chart()
    {
        var chart = RenderChart(Revenue(1, 2, 3), p => p.Add(c => c.Height, 180));

        Assert.Contains("--chart-height: 180px", chart.Find(".work-chart-frame").GetAttribute("style"));
        Assert.Equal(180, (int?)Json(Calls("render")[0].Arguments[1])["chart"]!["height"]);
    }

    [Fact]
    public void On_a_phone_the_frame_makes_room_for_the_legend_as_the_chart_does()
    {
        var chart = RenderChart([new ChartSeries("Stripe", [1, 2]), new ChartSeries("Shopify", [3, 4]), new ChartSeries("Zendesk", [5, 6])], p => p.Add(c => c.Height, 200));

        var phone = (int)Json(Calls("render")[0].Arguments[1])["responsive"]![0]!["options"]!["chart"]!["height"]!;
        Assert.Equal(200 + 2 * 24, phone);
        Assert.Contains($"--chart-phone-height: {phone}px", chart.Find(".work-chart-frame").GetAttribute("style"));
    }
}
