using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting.Tests;

/// <summary>
/// Fails a test host whose configuration has a key the daemon does not know. The daemon only warns about one (event
/// 1030) and runs on the default, so a test that sets a renamed or removed option would pass without testing what it
/// says. Thrown from the warning, the failure reaches the test through the host's start (or the reload's result).
/// A test of the warning itself sets <see cref="Allowed"/>.
/// </summary>
internal sealed class UnknownKeyGuard : ILoggerProvider, ILogger
{
    /// <summary>The event id of the daemon's unknown-key warning.</summary>
    public const int UnknownKeyEventId = 1030;

    public bool Allowed { get; set; }

    public ILogger CreateLogger(string categoryName) => this;

    public bool IsEnabled(LogLevel logLevel) => true;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == UnknownKeyEventId && !Allowed)
        {
            throw new InvalidOperationException("The test's configuration has a key the daemon does not know (a renamed or removed option?): " + formatter(state, exception));
        }
    }

    public void Dispose()
    {
    }
}
