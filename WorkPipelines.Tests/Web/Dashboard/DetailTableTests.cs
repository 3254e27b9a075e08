using Bunit;
using MudBlazor.Services;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Web.Features.Dashboard;

namespace WorkPipelines.Tests.Web.Dashboard;

public sealed class DetailTableTests : BunitContext
{
    public DetailTableTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Theory]
    [InlineData(5, false)]   // five products: as tall as its rows (a fixed 520 px left a phone screen of blank card)
    [InlineData(90, true)]   // ninety days: scrolls inside a frame under its fixed header
    public void Only_a_long_table_scrolls_inside_a_fixed_frame(int rows, bool framed)
    {
        var table = Render<DetailTable>(p => p
            .Add(t => t.Title, "Top products")
            .Add(t => t.Columns, ["Product", "Revenue"])
            .Add(t => t.Rows, Enumerable.Range(1, rows).Select(i => new DetailTable.Row($"Item {i}", [i * 10.0])).ToList())
            .Add(t => t.Format, KpiFormat.Money)
            .Add(t => t.ExportHref, "api/work/dashboard/revenue/breakdown.csv"));

        var style = table.Find(".mud-table-container").GetAttribute("style") ?? "";
        Assert.Equal(framed, style.Replace(" ", "").Contains("height:520px"));
        Assert.Equal(rows, table.FindAll("tbody tr").Count);
    }
}
