using WorkPipelines.Domain.Pipelines;

namespace WorkPipelines.Benchmarks;

/// <summary>Does nothing: what is measured is the engine's own cost per run.</summary>
internal sealed class NoOpRun : IPipelineKind
{
    public const string KindName = "bench.no-op";
    public string Name => KindName;
    public int MaxAttempts => 3;
    public TimeSpan Timeout => TimeSpan.FromMinutes(1);

    public Task ExecuteAsync(PipelineContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Fails its first attempt transiently, then succeeds: a retry through the backoff path.</summary>
internal sealed class FailOnceRun : IPipelineKind
{
    public const string KindName = "bench.fail-once";
    public string Name => KindName;
    public int MaxAttempts => 3;
    public TimeSpan Timeout => TimeSpan.FromMinutes(1);

    public Task ExecuteAsync(PipelineContext context, CancellationToken cancellationToken) =>
        context.Attempt == 1 ? throw new TransientPipelineException("benchmark: first attempt fails") : Task.CompletedTask;
}
