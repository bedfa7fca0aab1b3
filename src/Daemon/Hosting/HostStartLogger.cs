namespace UnixDatagram.Hosting;

/// <summary>
/// The generic host's own logger (<c>ILogger&lt;Microsoft.Extensions.Hosting.Internal.Host&gt;</c>), without its
/// "Hosting failed to start" event when the cause is a refusal (<see cref="DaemonHostExtensions.IsStartRefusal"/>):
/// <see cref="DaemonHostExtensions.RunDaemonAsync"/> reports that as one line naming the key and the value, and the
/// host would put a stack trace of its own internals before it. Any other event, and any other start failure, passes.
/// Registered for the host's type in the container, so it works with every logging provider.
/// </summary>
/// <typeparam name="T">The host's type (internal to Microsoft.Extensions.Hosting, hence found by name).</typeparam>
internal sealed class HostStartLogger<T>(ILoggerFactory factory) : ILogger<T>
{
    /// <summary>The host type whose logger this replaces.</summary>
    public const string HostTypeName = "Microsoft.Extensions.Hosting.Internal.Host, Microsoft.Extensions.Hosting";

    /// <summary>Microsoft.Extensions.Hosting's <c>LoggerEventIds.HostedServiceStartupFaulted</c>: "Hosting failed to start".</summary>
    private const int HostedServiceStartupFaulted = 11;

    private readonly ILogger _inner = new Logger<T>(factory);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == HostedServiceStartupFaulted && exception is not null && DaemonHostExtensions.IsStartRefusal(exception))
        {
            return;
        }

        _inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
