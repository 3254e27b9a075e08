using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Tests.Domain.Pipelines;

public sealed class PipelineBackoffTests
{
    [Theory]
    // attempt, jitter, expected seconds (base 2 s, cap 600 s)
    [InlineData(1, 0.5, 2)]
    [InlineData(2, 0.5, 4)]
    [InlineData(3, 0.5, 8)]
    [InlineData(1, 0.0, 1.5)]
    [InlineData(1, 1.0, 2.5)]
    [InlineData(4, 0.0, 12)]
    [InlineData(4, 1.0, 20)]
    [InlineData(9, 0.5, 512)]
    [InlineData(10, 0.5, 600)]
    [InlineData(1000, 1.0, 600)]
    public void Retry_delay_doubles_per_attempt_with_jitter_and_a_cap(int attempt, double jitter, double expectedSeconds)
    {
        var delay = PipelineBackoff.RetryDelay(attempt, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(600), jitter);

        Assert.Equal(expectedSeconds, delay.TotalSeconds, tolerance: 1e-6);
    }

    [Theory]
    [InlineData(-0.5, 1.5)]
    [InlineData(7.0, 2.5)]
    public void Jitter_outside_zero_to_one_is_clamped(double jitter, double expectedSeconds)
    {
        var delay = PipelineBackoff.RetryDelay(1, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(600), jitter);

        Assert.Equal(expectedSeconds, delay.TotalSeconds, tolerance: 1e-6);
    }

    [Fact]
    public void Attempt_zero_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PipelineBackoff.RetryDelay(0, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(600), 0.5));
    }
}
