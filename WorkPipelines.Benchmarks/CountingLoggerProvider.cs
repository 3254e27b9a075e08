using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace WorkPipelines.Benchmarks;

/// <summary>Counts the engine's warnings and errors (e.g. a claim that hit SQLITE_BUSY) instead of printing thousands of lines.</summary>
internal sealed class CountingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, int> _byMessage = new();
    private long _warnings, _errors;

    internal sealed record Counts(long Warnings, long Errors, IReadOnlyList<string> Samples);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public Counts Snapshot() => new(Interlocked.Read(ref _warnings), Interlocked.Read(ref _errors),
        _byMessage.OrderByDescending(m => m.Value).Take(3).Select(m => $"{m.Value} x {m.Key}").ToList());

    /// <summary>Forgets what was counted so far (creating the database is not the engine's work).</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _warnings, 0);
        Interlocked.Exchange(ref _errors, 0);
        _byMessage.Clear();
    }

    public void Dispose() { }

    private void Record(LogLevel level, string category, string message, Exception? exception)
    {
        if (level == LogLevel.Warning) Interlocked.Increment(ref _warnings);
        else Interlocked.Increment(ref _errors);
        var text = $"{level} {category}: {message}" + (exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message.Split('\n')[0]})");
        _byMessage.AddOrUpdate(text.Length > 200 ? text[..200] : text, 1, (_, n) => n + 1);
    }

    private sealed class Logger(CountingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) provider.Record(logLevel, category, formatter(state, exception), exception);
        }
    }
}
