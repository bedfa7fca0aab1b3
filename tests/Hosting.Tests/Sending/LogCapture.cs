using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting.Tests.Sending;

/// <summary>Keeps every log entry, and lets a test await one with a given event id.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly List<(int EventId, LogLevel Level, string Message)> _entries = [];
    private readonly List<(int EventId, TaskCompletionSource Seen)> _waiters = [];

    public IReadOnlyList<(int EventId, LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public IEnumerable<string> Messages(int eventId) => Entries.Where(e => e.EventId == eventId).Select(e => e.Message);

    public Task WaitForAsync(int eventId, TimeSpan timeout)
    {
        lock (_lock)
        {
            if (_entries.Any(e => e.EventId == eventId))
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((eventId, seen));
            return seen.Task.WaitAsync(timeout);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private void Add(int eventId, LogLevel level, string message)
    {
        lock (_lock)
        {
            _entries.Add((eventId, level, message));
            foreach (var waiter in _waiters.Where(w => w.EventId == eventId))
            {
                waiter.Seen.TrySetResult();
            }
        }
    }

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Add(eventId.Id, logLevel, formatter(state, exception));
    }
}
