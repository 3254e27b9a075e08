using Bunit;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Web.Features.Dashboard;

namespace WorkPipelines.Tests.Web.Dashboard;

public sealed class KpiTileTests : BunitContext
{
    [Fact]
    public void The_change_says_what_it_is_measured_from()
    {
        var tile = Render<KpiTile>(p => p.Add(t => t.Kpi, new KpiValue("gross", "Revenue", KpiFormat.Money, 181_000, 166_000, HigherIsBetter: true)));

        Assert.Equal("+9%", tile.Find("[data-testid=kpi-change]").TextContent.Trim());
        Assert.Equal("· was $166k", tile.Find("[data-testid=kpi-previous]").TextContent.Trim());
        Assert.Contains("kpi-good", tile.Find("[data-testid=kpi-change]").ClassList);
    }

    [Fact]
    public void A_change_too_small_to_show_is_zero_without_a_sign_or_a_colour()
    {
        var tile = Render<KpiTile>(p => p.Add(t => t.Kpi, new KpiValue("refunds", "Refunds", KpiFormat.Money, 997, 1_000, HigherIsBetter: false)));

        Assert.Equal("0%", tile.Find("[data-testid=kpi-change]").TextContent.Trim());
        Assert.DoesNotContain("kpi-good", tile.Find("[data-testid=kpi-change]").ClassList);
    }
}
