using Microsoft.Extensions.Logging;
using Xunit;

namespace UnixDatagram.TestSupport;

/// <summary>
/// Keeps every log event with its level, id, rendered message, exception and structured state, and lets a test await
/// events with a given id instead of sleeping.
/// </summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly List<LogEntry> _entries = [];
    private readonly List<(int EventId, int Count, TaskCompletionSource<LogEntry> Seen)> _waiters = [];
    private readonly Lazy<ILoggerFactory> _factory;

    /// <summary>Creates an empty recorder.</summary>
    public RecordingLoggerProvider()
    {
        _factory = new(() => LoggerFactory.Create(builder => builder.AddProvider(this).SetMinimumLevel(LogLevel.Trace)));
    }

    /// <summary>When set, every entry at this level or above is kept and then thrown back as an exception, as a broken provider would.</summary>
    public LogLevel? ThrowFrom { get; set; }

    /// <summary>Every event so far, in the order logged.</summary>
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

    /// <summary>The events with <paramref name="eventId"/> so far.</summary>
    public IReadOnlyList<LogEntry> Events(int eventId) => [.. Entries.Where(e => e.EventId == eventId)];

    /// <summary>The rendered messages of the events with <paramref name="eventId"/> so far.</summary>
    public IEnumerable<string> Messages(int eventId) => Events(eventId).Select(e => e.Message);

    /// <summary>The one event with <paramref name="eventId"/>; fails the test, listing all events, when there is not exactly one.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "As LINQ's Single: exactly one.")]
    public LogEntry Single(int eventId)
    {
        var matching = Events(eventId);
        Assert.True(matching.Count == 1, $"Expected one event {eventId}, got {matching.Count}. All: {string.Join(" | ", Entries.Select(e => $"{e.EventId} {e.Message}"))}");
        return matching[0];
    }

    /// <summary>Completes with the <paramref name="count"/>-th event with <paramref name="eventId"/>, logged before or after the call.</summary>
    public Task<LogEntry> WaitForAsync(int eventId, int count = 1)
    {
        lock (_lock)
        {
            var seen = _entries.Where(e => e.EventId == eventId).ToList();
            if (seen.Count >= count)
            {
                return Task.FromResult(seen[count - 1]);
            }

            var waiter = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((eventId, count, waiter));
            return waiter.Task;
        }
    }

    /// <summary>A logger through the real logging pipeline (a <see cref="LoggerFactory"/> with this provider), as a service gets it from DI.</summary>
    public ILogger<T> CreateLogger<T>() => _factory.Value.CreateLogger<T>();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        List<TaskCompletionSource<LogEntry>> reached = [];
        lock (_lock)
        {
            _entries.Add(entry);
            var count = _entries.Count(e => e.EventId == entry.EventId);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].EventId == entry.EventId && _waiters[i].Count == count)
                {
                    reached.Add(_waiters[i].Seen);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in reached)
        {
            waiter.TrySetResult(entry);
        }
    }

    private sealed class RecordingLogger(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var pair in pairs)
                {
                    fields[pair.Key] = pair.Value;
                }
            }

            owner.Add(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception), exception, fields));
            if (logLevel >= owner.ThrowFrom)
            {
                throw new InvalidOperationException($"This log provider is broken (event {eventId.Id}).");
            }
        }
    }
}
