using WorkPipelines.Domain.Metrics;
using WorkPipelines.Domain.Metrics.Dashboard;
using WorkPipelines.Web.Features.Dashboard;

namespace WorkPipelines.Tests.Web.Dashboard;

public sealed class DashboardUrlTests
{
    [Theory]
    [InlineData("12m", "year", null, null, "?period=12m&compare=year")]
    [InlineData(" 7D ", "PREVIOUS", null, null, "?period=7d&compare=previous")]
    [InlineData("custom", "year", "2026-01-01", "2026-03-31", "?period=custom&compare=year&from=2026-01-01&to=2026-03-31")]
    // Whatever cannot be read falls back to the default, part by part, without an error.
    [InlineData(null, null, null, null, "?period=30d&compare=previous")]
    [InlineData("13m", "year", null, null, "?period=30d&compare=year")]
    [InlineData("90d", "decade", null, null, "?period=90d&compare=previous")]
    [InlineData("lastquarter", null, null, null, "?period=30d&compare=previous")]
    [InlineData("custom", null, "2026-03-31", "2026-01-01", "?period=30d&compare=previous")]
    [InlineData("custom", null, "yesterday", "2026-01-01", "?period=30d&compare=previous")]
    [InlineData("custom", null, "1900-01-01", "2026-01-01", "?period=30d&compare=previous")]
    public void A_link_reads_back_as_the_view_it_names_or_the_default(string? period, string? compare, string? from, string? to, string expected) =>
        Assert.Equal(expected, DashboardUrl.Query(DashboardUrl.Read(period, compare, from, to)));

    [Theory]
    [InlineData("week", TimeGrain.Week)]
    [InlineData("Month", TimeGrain.Month)]
    [InlineData("day", TimeGrain.Day)]
    [InlineData("year", null)]
    [InlineData("1", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Grouping_is_day_week_or_month_else_automatic(string? group, TimeGrain? expected) =>
        Assert.Equal(expected, DashboardUrl.ReadGrain(group));

    [Fact]
    public void A_chosen_grouping_goes_into_the_address() =>
        Assert.Equal("?period=12m&compare=previous&group=month", DashboardUrl.Query(new PeriodQuery("12m", "previous", null, null), TimeGrain.Month));
}
