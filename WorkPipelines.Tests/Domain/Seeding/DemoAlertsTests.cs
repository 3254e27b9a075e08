using WorkPipelines.Domain.Seeding;

namespace WorkPipelines.Tests.Domain.Seeding;

public sealed class DemoAlertsTests
{
    [Theory]
    [InlineData(23.4, 20.0)]
    [InlineData(-17.0, 15.0)]
    [InlineData(5.0, 5.0)]
    [InlineData(3.7, 3.0)]
    [InlineData(-1.2, 1.0)]
    [InlineData(0.4, null)]
    public void The_spend_alerts_percentage_is_a_round_number_the_swing_reached(double swing, double? threshold) =>
        Assert.Equal(threshold, DemoAlerts.Threshold(swing));
}
