namespace WorkPipelines.Domain.Pipelines;

/// <summary>Retry delays: exponential in the attempt number, jittered so failed runs do not retry in lockstep.</summary>
public static class PipelineBackoff
{
    /// <summary>
    /// Delay after failed attempt <paramref name="attempt"/> (1-based): <c>base * 2^(attempt-1)</c>,
    /// scaled by 0.75..1.25 from <paramref name="jitter"/> (0..1), capped at <paramref name="maxDelay"/>.
    /// </summary>
    public static TimeSpan RetryDelay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 40); // 2^40 already exceeds any sensible cap; avoids overflow
        var milliseconds = baseDelay.TotalMilliseconds * Math.Pow(2, exponent) * (0.75 + 0.5 * Math.Clamp(jitter, 0, 1));
        return TimeSpan.FromMilliseconds(Math.Min(milliseconds, maxDelay.TotalMilliseconds));
    }
}
