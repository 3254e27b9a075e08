using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace WorkPipelines.Domain.Pipelines;

/// <summary>What a running attempt knows about its run, and how it reports back.</summary>
public sealed class PipelineContext
{
    private readonly IServiceScopeFactory _scopes;
    private readonly string _owner;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private int? _sequence;

    internal PipelineContext(PipelineRun run, string owner, IServiceScopeFactory scopes)
    {
        RunId = run.Id;
        WorkspaceId = run.WorkspaceId;
        Kind = run.Kind;
        Attempt = run.Attempt;
        MaxAttempts = run.MaxAttempts;
        Trigger = run.Trigger;
        RequestedByUserId = run.RequestedByUserId;
        PayloadJson = run.PayloadJson;
        _owner = owner;
        _scopes = scopes;
    }

    public Guid RunId { get; }
    public Guid WorkspaceId { get; }
    public string Kind { get; }

    /// <summary>1 for the first attempt; a rerun after a crash or a transient failure sees a higher number.</summary>
    public int Attempt { get; }
    public int MaxAttempts { get; }
    public PipelineTrigger Trigger { get; }
    public string? RequestedByUserId { get; }
    public string PayloadJson { get; }

    /// <summary>The payload as <typeparamref name="T"/> (web JSON conventions). A payload that does not fit is a permanent failure.</summary>
    public T GetPayload<T>()
    {
        try
        {
            return JsonSerializer.Deserialize<T>(PayloadJson, JsonSerializerOptions.Web)
                ?? throw new PermanentPipelineException($"the run's payload is empty; expected {typeof(T).Name}");
        }
        catch (JsonException ex)
        {
            throw new PermanentPipelineException($"the run's payload is not a valid {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    /// <summary>Records progress (0-100) and what is happening, for progress bars.</summary>
    public async Task ReportProgressAsync(int percent, string? message = null)
    {
        await using var scope = _scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RunQueue>()
            .ReportProgressAsync(RunId, _owner, Math.Clamp(percent, 0, 100), message, CancellationToken.None);
    }

    /// <summary>Appends a line to the run's log (only the newest lines are kept).</summary>
    public async Task LogAsync(string line)
    {
        // Serialised so sequence numbers stay unique when a kind logs from parallel tasks.
        await _writes.WaitAsync();
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var queue = scope.ServiceProvider.GetRequiredService<RunQueue>();
            // Read at the first line, not at the start: most runs of a busy engine never log, and a run queued
            // again (a retry, a resumption) continues its earlier numbering.
            _sequence ??= await queue.LastLogSequenceAsync(RunId, CancellationToken.None);
            _sequence++;
            await queue.AppendLogAsync(RunId, WorkspaceId, Attempt, _sequence.Value, line, CancellationToken.None);
        }
        finally
        {
            _writes.Release();
        }
    }
}
