using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using WorkPipelines.Web.Components.Shared.Charts;

namespace WorkPipelines.Tests.Web.Components.Shared.Charts;

/// <summary>Which charts.js functions WorkChart calls, when, and with what.</summary>
public sealed class WorkChartInteropTests : ChartComponentContext
{
    [Fact]
    public void First_render_draws_the_series_once()
    {
        RenderChart(Revenue(120, 80.5, null));

        var render = Assert.Single(Calls("render"));
        Assert.IsType<ElementReference>(render.Arguments[0]);
        var options = Json(render.Arguments[1]);
        Assert.Equal("line", (string?)options["chart"]!["type"]);
        Assert.Equal("""[{"name":"Revenue","data":[120,80.5,null]}]""", JsonText(options["series"]));
        Assert.Equal("""["Mon","Tue","Wed"]""", JsonText(options["xaxis"]!["categories"]));
        Assert.Empty(Calls("update"));
        Assert.Empty(Calls("setTheme"));
    }

    [Fact]
    public void New_values_update_the_chart_instead_of_drawing_it_again()
    {
        var chart = RenderChart(Revenue(120, 80.5, null));

        chart.Render(p => p.Add(c => c.Series, Revenue(120, 80.5, 99)));

        Assert.Single(Calls("render"));
        var update = Assert.Single(Calls("update"));
        Assert.Equal(Calls("render")[0].Arguments[0], update.Arguments[0]);
        Assert.Equal("""[{"name":"Revenue","data":[120,80.5,99]}]""", JsonText(Json(update.Arguments[1])));
        Assert.Equal("""[{"name":"Revenue","data":[120,80.5,99]}]""", JsonText(Json(update.Arguments[2])["series"]));
    }

    [Fact]
    public void New_categories_update_the_chart()
    {
        var chart = RenderChart(Revenue(1, 2, 3));

        chart.Render(p => p.Add(c => c.Categories, new[] { "Thu", "Fri", "Sat" }));

        var update = Assert.Single(Calls("update"));
        Assert.Equal("""["Thu","Fri","Sat"]""", JsonText(Json(update.Arguments[2])["xaxis"]!["categories"]));
    }

    [Fact]
    public void Same_data_in_new_lists_does_not_update()
    {
        var chart = RenderChart(Revenue(120, 80.5, null));

        // Parents rebuild their lists on every render; equal content must not redraw.
        chart.Render(p => p.Add(c => c.Series, Revenue(120, 80.5, null)).Add(c => c.Categories, Days.ToArray()));

        Assert.Single(Calls("render"));
        Assert.Empty(Calls("update"));
        Assert.Empty(Calls("setTheme"));
    }

    [Fact]
    public void Dark_mode_switches_the_theme_in_place()
    {
        var chart = RenderChart(Revenue(1, 2, 3));

        chart.Render(p => p.Add(c => c.DarkMode, true));

        var setTheme = Assert.Single(Calls("setTheme"));
        Assert.Equal(true, setTheme.Arguments[1]);
        Assert.Single(Calls("render"));
        Assert.Empty(Calls("update"));
    }

    [Fact]
    public void Changing_the_type_draws_the_chart_afresh()
    {
        var chart = RenderChart(Revenue(1, 2, 3));

        chart.Render(p => p.Add(c => c.Type, WorkChartType.Donut));

        Assert.Equal(2, Calls("render").Count);
        Assert.Equal("donut", (string?)Json(Calls("render")[1].Arguments[1])["chart"]!["type"]);
        Assert.Empty(Calls("update"));
    }

    [Fact]
    public async Task Disposing_destroys_the_chart_it_drew()
    {
        RenderChart(Revenue(1, 2, 3));

        await DisposeComponentsAsync();

        var destroy = Assert.Single(Calls("destroy"));
        Assert.Equal(Calls("render")[0].Arguments[0], destroy.Arguments[0]);
    }

    [Fact]
    public async Task Disposing_after_the_circuit_dropped_does_not_throw()
    {
        Module.SetupVoid("destroy", _ => true).SetException(new JSDisconnectedException("circuit gone"));
        var chart = RenderChart(Revenue(1, 2, 3));

        // Directly, not through DisposeComponentsAsync: bUnit swallows disposal exceptions.
        var error = await Record.ExceptionAsync(() => chart.InvokeAsync(() => chart.Instance.DisposeAsync().AsTask()));

        Assert.Null(error);
        Assert.Single(Calls("destroy"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Empty_data_shows_a_message_and_calls_no_javascript(int nullValues)
    {
        var chart = RenderChart([new ChartSeries("Revenue", new double?[nullValues]), new ChartSeries("Refunds", [])]);

        Assert.Equal("No data for this period", chart.Find("[data-testid=chart-empty]").TextContent.Trim());
        Assert.Empty(chart.FindAll("[data-testid=chart-data]"));
        Assert.Empty(JSInterop.Invocations);
        Assert.Empty(Module.Invocations);
    }

    [Fact]
    public void Data_arriving_after_the_first_render_draws_the_chart()
    {
        var chart = RenderChart([]);

        chart.Render(p => p.Add(c => c.Series, Revenue(1, 2, 3)));

        Assert.Single(Calls("render"));
        Assert.Empty(chart.FindAll("[data-testid=chart-empty]"));
    }

    [Fact]
    public void Data_going_away_destroys_the_chart_and_shows_the_message()
    {
        var chart = RenderChart(Revenue(1, 2, 3));

        chart.Render(p => p.Add(c => c.Series, Revenue(null, null, null)));

        Assert.Single(Calls("destroy"));
        Assert.Empty(Calls("update"));
        Assert.NotNull(chart.Find("[data-testid=chart-empty]"));
    }
}
