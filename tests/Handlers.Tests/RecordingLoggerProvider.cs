using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace UnixDatagram.Handlers.Tests;

/// <summary>Records every event with its level, id, rendered message and structured state.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly ILoggerFactory _factory;

    public RecordingLoggerProvider()
    {
        _factory = LoggerFactory.Create(builder => builder.AddProvider(this).SetMinimumLevel(LogLevel.Trace));
    }

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>A logger through the real logging pipeline, as a handler gets it from DI.</summary>
    public ILogger<T> CreateLogger<T>() => _factory.CreateLogger<T>();

    public LogEntry Single(int eventId)
    {
        var matching = Entries.Where(e => e.EventId.Id == eventId).ToList();
        Assert.True(matching.Count == 1, $"Expected one event {eventId}, got {matching.Count}. All: {string.Join(" | ", Entries.Select(e => $"{e.EventId.Id} {e.Message}"))}");
        return matching[0];
    }

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this, categoryName);

    public void Dispose()
    {
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

            owner._entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), fields));
        }
    }
}
