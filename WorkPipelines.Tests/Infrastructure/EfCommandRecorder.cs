using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WorkPipelines.Tests.Infrastructure;

/// <summary>
/// Records the SQL of every command EF Core executes on the async flow that created the recorder (and the flows it
/// starts), until disposed. EF's diagnostic events are process-wide; the flow filter keeps out the commands of other
/// tests and of the host's own background loops, which began before the recorder.
/// </summary>
internal sealed class EfCommandRecorder : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private static readonly AsyncLocal<EfCommandRecorder?> Current = new();
    private readonly List<string> _commands = [];
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _allListeners;

    private EfCommandRecorder()
    {
        Current.Value = this;
        _allListeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>Starts recording on the caller's flow (an async method could not set it there); await <see cref="ListeningAsync"/> before the commands.</summary>
    public static EfCommandRecorder Start() => new();

    /// <summary>
    /// Returns once EF sees the listener: a context's logger caches whether anyone listens for <c>LoggingCacheTime</c> (EF's
    /// default, one second), and pooled contexts keep their logger from one use to the next.
    /// </summary>
    public Task ListeningAsync() => Task.Delay(new Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension().LoggingCacheTime + TimeSpan.FromMilliseconds(200));

    /// <summary>The commands recorded so far, oldest first.</summary>
    public IReadOnlyList<string> Commands
    {
        get { lock (_commands) return [.. _commands]; }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name != DbLoggerCategory.Name) return;
        lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != RelationalEventId.CommandExecuting.Name || value.Value is not CommandEventData { Command: DbCommand command }) return;
        if (!ReferenceEquals(Current.Value, this)) return;
        lock (_commands) _commands.Add(command.CommandText);
    }

    public void Dispose()
    {
        _allListeners.Dispose();
        lock (_subscriptions) foreach (var subscription in _subscriptions) subscription.Dispose();
        Current.Value = null;
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }
}
