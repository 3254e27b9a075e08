namespace WorkPipelines.Domain.Pipelines.SelfTest;

/// <summary>
/// A harmless run an admin starts to check that background work is alive end to end: it walks
/// through its steps for the given time, reporting progress and logging each step. Tests,
/// benchmarks and the Pipelines page use it; it touches no data.
/// </summary>
public sealed class RunSelfTest : IPipelineKind
{
    public const string KindName = "diagnostics.self-test";
    public const int MaxSeconds = 600;

    public string Name => KindName;
    public string Title => "Self-test";
    public int MaxAttempts => 3;
    public TimeSpan Timeout => TimeSpan.FromSeconds(MaxSeconds + 60);

    public async Task ExecuteAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var payload = context.GetPayload<SelfTestPayload>();
        if (payload.Seconds is < 0 or > MaxSeconds)
            throw new PermanentPipelineException($"seconds must be between 0 and {MaxSeconds}; got {payload.Seconds}");
        if (context.Attempt <= payload.FailFirstAttempts)
            throw new TransientPipelineException($"self-test asked to fail attempt {context.Attempt}");

        var steps = Math.Clamp(payload.Seconds * 2, 1, 100);
        var pause = TimeSpan.FromSeconds(payload.Seconds) / steps;
        for (var step = 1; step <= steps; step++)
        {
            await Task.Delay(pause, cancellationToken);
            if (payload.Seconds > 0)
            {
                await context.ReportProgressAsync(step * 100 / steps, $"Step {step} of {steps}");
                if (step == 1 || step == steps || step % 10 == 0) await context.LogAsync($"step {step} of {steps} done");
            }
        }
    }
}

/// <summary>Payload of <see cref="RunSelfTest"/>.</summary>
/// <param name="Seconds">How long the run takes (0 to 600); progress is reported twice a second.</param>
/// <param name="FailFirstAttempts">Fail this many attempts transiently first, to watch retries.</param>
public sealed record SelfTestPayload(int Seconds = 5, int FailFirstAttempts = 0);
