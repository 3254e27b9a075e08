using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Web.Features.Dashboard;

namespace WorkPipelines.Tests.Web.Dashboard;

public sealed class KpiTextTests
{
    [Fact]
    public void A_list_writes_all_its_amounts_one_way_chosen_by_its_largest()
    {
        var large = KpiText.Uniform([21_340.6, 9_620, 12.25, null], KpiFormat.Money, "USD");
        var small = KpiText.Uniform([9_620, 12.25], KpiFormat.Money, "EUR");
        var counts = KpiText.Uniform([12_000, 950.6], KpiFormat.Number);

        Assert.Equal(["$21,341", "$9,620", "$12", "–"], new double?[] { 21_340.6, 9_620, 12.25, null }.Select(large));
        Assert.Equal(["€9,620.00", "€12.25", "−€3.00"], new double?[] { 9_620, 12.25, -3 }.Select(small));
        Assert.Equal(["12,000", "951"], new double?[] { 12_000, 950.6 }.Select(counts));
        Assert.Equal("12.5%", KpiText.Uniform([0.125], KpiFormat.Percent)(0.125));
    }
}
