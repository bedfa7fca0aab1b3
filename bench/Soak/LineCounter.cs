using Microsoft.Extensions.Logging;

namespace UnixDatagram.Bench.Soak;

/// <summary>A logger provider that only counts what the daemon logs, and how many messages span more than one line.</summary>
internal sealed class LineCounter : ILoggerProvider
{
    private long _count;
    private long _multiLine;

    public long Count => Interlocked.Read(ref _count);

    public long MultiLine => Interlocked.Read(ref _multiLine);

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LineCounter owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Interlocked.Increment(ref owner._count);
            if (formatter(state, exception).AsSpan().ContainsAny('\n', '\r', '\u001b'))
            {
                Interlocked.Increment(ref owner._multiLine);
            }
        }
    }
}
