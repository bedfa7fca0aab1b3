namespace UnixDatagram.Hosting;

/// <summary>Log events of <see cref="DaemonHostExtensions"/> (event ids 1020-1029; all ranges: README.md, "Log events").</summary>
internal static partial class DaemonHostExtensionsLog
{
    [LoggerMessage(1020, LogLevel.Critical, "Cannot start: {Reason}", EventName = "CannotStart")] internal static partial void LogCannotStart(ILogger logger, string reason);
    [LoggerMessage(1021, LogLevel.Critical, "Start failed on an unexpected error", EventName = "StartFailed")] internal static partial void LogStartFailed(ILogger logger, Exception exception);
}
