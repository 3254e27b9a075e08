using WorkPipelines.Web.Components.Shared.Charts;

namespace WorkPipelines.Tests.Web.Components.Shared.Charts;

public sealed class ChartValueTextTests
{
    [Theory]
    [InlineData(12400.0, ChartValueFormat.Number, "12,400")]
    [InlineData(0.125, ChartValueFormat.Number, "0.13")]
    [InlineData(1234.5, ChartValueFormat.Money, "1,234.50 EUR")]
    [InlineData(12.5, ChartValueFormat.Percent, "12.5%")]
    [InlineData(0.0, ChartValueFormat.Duration, "0s")]
    [InlineData(0.271, ChartValueFormat.Duration, "271ms")]
    [InlineData(2.54, ChartValueFormat.Duration, "2.5s")]
    [InlineData(42.0, ChartValueFormat.Duration, "42s")]
    [InlineData(200.0, ChartValueFormat.Duration, "3m 20s")]
    [InlineData(3900.0, ChartValueFormat.Duration, "1h 05m")]
    [InlineData(-65.0, ChartValueFormat.Duration, "-1m 05s")]
    [InlineData(1234.0, ChartValueFormat.Count, "1,234")]
    [InlineData(null, ChartValueFormat.Money, "no data")]
    [InlineData(double.NaN, ChartValueFormat.Number, "no data")]
    public void Formats_values_for_the_screen_reader_table(double? value, ChartValueFormat format, string expected)
    {
        Assert.Equal(expected, ChartValueText.Format(value, format, "EUR"));
    }
}
