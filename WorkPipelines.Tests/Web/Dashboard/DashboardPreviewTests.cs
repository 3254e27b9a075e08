using Bunit;
using MudBlazor.Services;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Web.Features.Dashboard;

namespace WorkPipelines.Tests.Web.Dashboard;

public sealed class DashboardPreviewTests : BunitContext
{
    public DashboardPreviewTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void Each_panel_says_what_it_will_show_and_from_which_sources()
    {
        var preview = Render<DashboardPreview>();

        var panels = preview.FindAll("[data-testid=preview-panel]");
        Assert.Equal(PanelDefinitions.All.Count, panels.Count);
        Assert.Contains("Gross revenue, net revenue, MRR, new customers and more", panels[0].TextContent);
        Assert.Contains("From Stripe or Shopify", panels[0].TextContent);
        Assert.Empty(preview.FindAll("[data-testid=preview-connect]"));
    }

    [Fact]
    public void It_offers_to_connect_a_source_when_asked()
    {
        var preview = Render<DashboardPreview>(p => p.Add(c => c.OfferConnect, true));

        Assert.Equal("connectors", preview.Find("[data-testid=preview-connect]").GetAttribute("href"));
    }
}
