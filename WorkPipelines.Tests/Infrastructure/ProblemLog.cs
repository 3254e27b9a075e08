using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace WorkPipelines.Tests.Infrastructure;

/// <summary>
/// Keeps the last warnings and errors the app under test logged, so a test that fails on what the
/// browser shows can also say what the server saw (console output of an in-process host is not in the test report).
/// </summary>
public sealed class ProblemLog : ILoggerProvider
{
    private const int Keep = 200;
    private readonly ConcurrentQueue<string> _entries = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The newest entries (at most <paramref name="count"/>), oldest first.</summary>
    public string Recent(int count = 20)
    {
        var entries = _entries.ToArray();
        return entries.Length == 0 ? "(no warnings or errors logged)" : string.Join(Environment.NewLine, entries.Skip(Math.Max(0, entries.Length - count)));
    }

    public void Dispose() { }

    private void Add(string entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > Keep) _entries.TryDequeue(out _);
    }

    private sealed class Logger(ProblemLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            log.Add($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : $" — {exception.GetType().Name}: {exception.Message}")}");
        }
    }
}
