using WorkPipelines.Domain.Alerts;

namespace WorkPipelines.Tests.Domain.Alerts;

public sealed class AnomalyDetectorTests
{
    // Eight Tuesdays of sessions around 2,000, one of them a holiday (600). Sorted: 600 1950 1970 1990 2000 2010 2030 2060,
    // median (1990 + 2000) / 2 = 1995; deviations 5 5 15 25 35 45 65 1395 → MAD (25 + 35) / 2 = 30, spread 1.4826 × 30 = 44.478;
    // medium (k = 3): 1995 ± 133.434 = 1861.566 … 2128.434. A mean and standard deviation would give 1826 ± 1466: useless.
    private static readonly double[] Tuesdays = [2000, 1990, 2010, 1970, 2030, 1950, 2060, 600];

    [Fact]
    public void The_range_is_the_median_plus_or_minus_k_scaled_mads_and_an_old_outlier_barely_moves_it()
    {
        var range = AnomalyDetector.Expected(Tuesdays, AlertSensitivity.Medium)!;

        Assert.Equal(1995, range.Usual, 6);
        Assert.Equal(1995 - 3 * 1.4826 * 30, range.Low, 6);
        Assert.Equal(1995 + 3 * 1.4826 * 30, range.High, 6);
    }

    [Theory]
    [InlineData(1200, true)]   // a bad Tuesday
    [InlineData(2400, true)]   // a surprisingly good one
    [InlineData(2100, false)]  // within the usual wobble
    [InlineData(1870, false)]
    public void A_value_is_judged_against_the_range(double value, bool outside) =>
        Assert.Equal(outside, AnomalyDetector.IsOutside(value, AnomalyDetector.Expected(Tuesdays, AlertSensitivity.Medium)!, AlertDirection.Either));

    [Fact]
    public void A_direction_only_watches_its_side() =>
        Assert.Equal((true, false), (
            AnomalyDetector.IsOutside(1200, AnomalyDetector.Expected(Tuesdays, AlertSensitivity.Medium)!, AlertDirection.Below),
            AnomalyDetector.IsOutside(1200, AnomalyDetector.Expected(Tuesdays, AlertSensitivity.Medium)!, AlertDirection.Above)));

    [Fact]
    public void Higher_sensitivity_means_a_narrower_range()
    {
        var widths = new[] { AlertSensitivity.Low, AlertSensitivity.Medium, AlertSensitivity.High }
            .Select(s => AnomalyDetector.Expected(Tuesdays, s)!).Select(r => r.High - r.Low).ToList();
        Assert.True(widths[0] > widths[1] && widths[1] > widths[2], string.Join(", ", widths));
        // 1,880 is outside for High (1995 ± 88.96) and inside for Medium (± 133.43).
        Assert.True(AnomalyDetector.IsOutside(1880, AnomalyDetector.Expected(Tuesdays, AlertSensitivity.High)!, AlertDirection.Either));
        Assert.False(AnomalyDetector.IsOutside(1880, AnomalyDetector.Expected(Tuesdays, AlertSensitivity.Medium)!, AlertDirection.Either));
    }

    [Fact]
    public void Too_little_history_judges_nothing()
    {
        Assert.Null(AnomalyDetector.Expected([2000, 2010, 1990], AlertSensitivity.High));
        Assert.NotNull(AnomalyDetector.Expected([2000, 2010, 1990, 2005], AlertSensitivity.High));
    }

    [Fact]
    public void A_perfectly_steady_history_still_allows_a_small_wobble()
    {
        // MAD 0: the spread falls back to 5 % of the usual value over the medium width, so ±5 % at medium.
        var range = AnomalyDetector.Expected([100, 100, 100, 100, 100], AlertSensitivity.Medium)!;
        Assert.Equal((95, 105), (Math.Round(range.Low, 6), Math.Round(range.High, 6)));
        Assert.False(AnomalyDetector.IsOutside(104, range, AlertDirection.Either));
        Assert.True(AnomalyDetector.IsOutside(106, range, AlertDirection.Either));
    }
}
