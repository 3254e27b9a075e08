namespace WorkPipelines.Tests.Infrastructure;

/// <summary>A clock the test moves by hand (queue tests only; the worker uses real time).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}
