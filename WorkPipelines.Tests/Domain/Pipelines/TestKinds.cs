using System.Collections.Concurrent;
using WorkPipelines.Domain.Pipelines;
using WorkPipelines.Domain.Workspaces;

namespace WorkPipelines.Tests.Domain.Pipelines;

/// <summary>What the test kinds saw, for assertions from outside the worker.</summary>
internal sealed class KindProbe
{
    public ConcurrentQueue<(Guid RunId, string Event, DateTimeOffset At)> Events { get; } = new();

    public void Record(PipelineContext context, string @event) => Events.Enqueue((context.RunId, @event, DateTimeOffset.UtcNow));

    public List<(string Event, DateTimeOffset At)> For(Guid runId) =>
        Events.Where(e => e.RunId == runId).Select(e => (e.Event, e.At)).ToList();

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for <paramref name="event"/> of the run: the executor stops waiting for a kind the
    /// moment its token fires, so the run's new status can be stored a moment before the kind's own catch block has run.
    /// </summary>
    public async Task<bool> SawAsync(Guid runId, string @event, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!For(runId).Any(e => e.Event == @event))
        {
            if (DateTimeOffset.UtcNow > deadline) return false;
            await Task.Delay(20);
        }
        return true;
    }
}

internal sealed record QuickPayload(string Message);

/// <summary>Reads its payload, reports progress, logs, and checks it runs in the run's workspace.</summary>
internal sealed class QuickKind(KindProbe probe, CurrentWorkspace workspace) : IPipelineKind
{
    public const string KindName = "test.quick";
    public string Name => KindName;
    public int MaxAttempts => 2;
    public TimeSpan Timeout => TimeSpan.FromMinutes(1);

    public async Task ExecuteAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        probe.Record(context, $"workspace:{workspace.WorkspaceId}");
        var payload = context.GetPayload<QuickPayload>();
        await context.ReportProgressAsync(50, "half way");
        await context.LogAsync($"said {payload.Message}");
        probe.Record(context, "done");
    }
}

/// <summary>Runs for a minute unless its token fires.</summary>
internal sealed class LongKind(KindProbe probe) : IPipelineKind
{
    public const string KindName = "test.long";
    public string Name => KindName;
    public int MaxAttempts => 3;
    public TimeSpan Timeout => TimeSpan.FromMinutes(5);

    public async Task ExecuteAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        probe.Record(context, "started");
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            probe.Record(context, "token fired");
            throw;
        }
        probe.Record(context, "done");
    }
}

/// <summary>Always fails transiently.</summary>
internal sealed class FlakyKind(KindProbe probe) : IPipelineKind
{
    public const string KindName = "test.flaky";
    public string Name => KindName;
    public int MaxAttempts => 3;
    public TimeSpan Timeout => TimeSpan.FromMinutes(1);

    public Task ExecuteAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        probe.Record(context, $"attempt {context.Attempt}");
        throw new TransientPipelineException("the provider answered 503");
    }
}

/// <summary>Fails permanently with a reason a person can act on.</summary>
internal sealed class BrokenKind(KindProbe probe) : IPipelineKind
{
    public const string KindName = "test.broken";
    public const string Reason = "Stripe rejected the API key; reconnect Stripe in Connections";
    public string Name => KindName;
    public int MaxAttempts => 5;
    public TimeSpan Timeout => TimeSpan.FromMinutes(1);

    public Task ExecuteAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        probe.Record(context, $"attempt {context.Attempt}");
        throw new PermanentPipelineException(Reason);
    }
}

/// <summary>Takes a minute but may only run half a second.</summary>
internal sealed class SlowKind : IPipelineKind
{
    public const string KindName = "test.slow";
    public string Name => KindName;
    public int MaxAttempts => 3;
    public TimeSpan Timeout => TimeSpan.FromMilliseconds(500);

    public Task ExecuteAsync(PipelineContext context, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromSeconds(60), cancellationToken);
}

/// <summary>Writes more log lines than a run keeps.</summary>
internal sealed class ChattyKind : IPipelineKind
{
    public const string KindName = "test.chatty";
    public const int Lines = 25;
    public string Name => KindName;
    public int MaxAttempts => 1;
    public TimeSpan Timeout => TimeSpan.FromMinutes(1);

    public async Task ExecuteAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        for (var i = 1; i <= Lines; i++) await context.LogAsync($"line {i}");
    }
}
