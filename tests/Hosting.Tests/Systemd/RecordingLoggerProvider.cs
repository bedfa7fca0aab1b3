using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting.Tests.Systemd;

/// <summary>Keeps every log event, and lets a test wait for the next one with a given event id.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly List<LogEntry> _entries = [];
    private readonly List<(int EventId, int Skip, TaskCompletionSource<LogEntry> Waiter)> _waiters = [];

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

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this, categoryName);

    /// <summary>Completes when the event with <paramref name="eventId"/> has been logged <paramref name="occurrence"/> times in all.</summary>
    public Task<LogEntry> WaitForAsync(int eventId, int occurrence = 1)
    {
        lock (_lock)
        {
            var seen = _entries.Where(e => e.EventId == eventId).ToList();
            if (seen.Count >= occurrence)
            {
                return Task.FromResult(seen[occurrence - 1]);
            }

            var waiter = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((eventId, occurrence - seen.Count - 1, waiter));
            return waiter.Task;
        }
    }

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        List<TaskCompletionSource<LogEntry>> done = [];
        lock (_lock)
        {
            _entries.Add(entry);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var (eventId, skip, waiter) = _waiters[i];
                if (eventId != entry.EventId)
                {
                    continue;
                }

                if (skip == 0)
                {
                    done.Add(waiter);
                    _waiters.RemoveAt(i);
                }
                else
                {
                    _waiters[i] = (eventId, skip - 1, waiter);
                }
            }
        }

        foreach (var waiter in done)
        {
            waiter.TrySetResult(entry);
        }
    }

    private sealed class RecordingLogger(RecordingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Add(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception), exception));
    }
}
