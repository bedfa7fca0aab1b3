using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting.Tests;

/// <summary>Keeps every log entry of a test host, and lets a test await entries with a given event id.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly List<LogEntry> _entries = [];
    private readonly List<(int EventId, int Count, TaskCompletionSource Seen)> _waiters = [];

    /// <summary>When set, every entry at this level or above is kept and then thrown back as an exception, as a broken provider would.</summary>
    public LogLevel? ThrowFrom { get; set; }

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public IReadOnlyList<LogEntry> Events(int eventId) => [.. Entries.Where(e => e.EventId == eventId)];

    public IEnumerable<string> Messages(int eventId) => Events(eventId).Select(e => e.Message);

    /// <summary>Completes once <paramref name="count"/> entries with <paramref name="eventId"/> were written.</summary>
    public Task WaitForAsync(int eventId, int count = 1)
    {
        lock (_lock)
        {
            if (_entries.Count(e => e.EventId == eventId) >= count)
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((eventId, count, seen));
            return seen.Task;
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        lock (_lock)
        {
            _entries.Add(entry);
            var count = _entries.Count(e => e.EventId == entry.EventId);
            foreach (var waiter in _waiters.Where(w => w.EventId == entry.EventId && w.Count <= count))
            {
                waiter.Seen.TrySetResult();
            }
        }
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : [];
            capture.Add(new LogEntry(category, eventId.Id, logLevel, formatter(state, exception), exception, properties));
            if (logLevel >= capture.ThrowFrom)
            {
                throw new InvalidOperationException($"This log provider is broken (event {eventId.Id}).");
            }
        }
    }
}

internal sealed record LogEntry(string Category, int EventId, LogLevel Level, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> Properties);
