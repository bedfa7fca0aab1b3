namespace UnixDatagram.Hosting.Systemd;

/// <summary>Log events of the Systemd folder, in id order (all ranges: README.md, "Log events"): socket activation (<see cref="SystemdSocketActivation"/>) 4000-4009, the watchdog (<see cref="SystemdWatchdogService"/>) 4010-4019, the status line and health changes (<see cref="SystemdStatusService"/>) 4020-4029. The watchdog and the status line each have a nested class, since both have log methods of the same names (their event names differ: README.md, "Log events").</summary>
internal static partial class SystemdLog
{
    [LoggerMessage(4000, LogLevel.Information, "systemd passed file descriptor {FileDescriptor} named '{FileDescriptorName}': {Description}", EventName = "ListenFdPassed")] internal static partial void LogPassed(ILogger logger, int fileDescriptor, string fileDescriptorName, string description);
    [LoggerMessage(4001, LogLevel.Debug, "systemd socket activation variables ignored: {Reason}", EventName = "SocketActivationIgnored")] internal static partial void LogIgnored(ILogger logger, string reason);
    [LoggerMessage(4002, LogLevel.Warning, "systemd socket activation variables are malformed: {Problem}", EventName = "SocketActivationMalformed")] internal static partial void LogMalformed(ILogger logger, string problem);
    [LoggerMessage(4003, LogLevel.Warning, "systemd passed the datagram socket {Address} as file descriptor {FileDescriptor} named '{FileDescriptorName}', but no endpoint adopted it: what is sent there is never read. Give an endpoint that FileDescriptorName, or remove the socket from the .socket unit", EventName = "ListenFdUnclaimed")] internal static partial void LogUnclaimedSocket(ILogger logger, int fileDescriptor, string fileDescriptorName, string address);
    [LoggerMessage(4004, LogLevel.Warning, "systemd passed file descriptor {FileDescriptor} named '{FileDescriptorName}', which is {Description}, not an AF_UNIX datagram socket; it is ignored", EventName = "ListenFdUnusable")] internal static partial void LogUnusable(ILogger logger, int fileDescriptor, string fileDescriptorName, string description);

    /// <summary>Log events of <see cref="SystemdWatchdogService"/> (event ids 4010-4019).</summary>
    internal static partial class Watchdog
    {
        [LoggerMessage(4010, LogLevel.Debug, "systemd watchdog inactive: {Reason}", EventName = "WatchdogInactive")] internal static partial void LogInactive(ILogger logger, string reason);
        [LoggerMessage(4011, LogLevel.Information, "systemd watchdog active: timeout {Timeout}, WATCHDOG=1 every {Interval} while health is not Unhealthy", EventName = "WatchdogActive")] internal static partial void LogActive(ILogger logger, TimeSpan timeout, TimeSpan interval);
        [LoggerMessage(4012, LogLevel.Warning, "Health is Unhealthy ({Entries}): the systemd watchdog ping is withheld, so systemd restarts the daemon if this lasts {Timeout}", EventName = "WatchdogWithheld")] internal static partial void LogWithheld(ILogger logger, string entries, TimeSpan timeout);
        [LoggerMessage(4013, LogLevel.Information, "Health is {Status} again: systemd watchdog pings resumed", EventName = "WatchdogResumed")] internal static partial void LogResumed(ILogger logger, HealthStatus status);
        [LoggerMessage(4014, LogLevel.Warning, "The systemd watchdog ping could not be sent: {Reason}", EventName = "WatchdogNotifyFailed")] internal static partial void LogNotifyFailed(ILogger logger, string reason, Exception exception);
        [LoggerMessage(4015, LogLevel.Error, "The health checks could not be run; the systemd watchdog ping is withheld", EventName = "WatchdogHealthFailed")] internal static partial void LogHealthFailed(ILogger logger, Exception exception);
    }

    /// <summary>Log events of <see cref="SystemdStatusService"/>: the status line and health changes (event ids 4020-4029).</summary>
    internal static partial class StatusLine
    {
        [LoggerMessage(4020, LogLevel.Debug, "systemd status line inactive: NOTIFY_SOCKET is not set", EventName = "StatusLineInactive")] internal static partial void LogInactive(ILogger logger);
        [LoggerMessage(4021, LogLevel.Warning, "The systemd status line could not be sent: {Reason}", EventName = "StatusLineNotifyFailed")] internal static partial void LogNotifyFailed(ILogger logger, string reason, Exception exception);
        [LoggerMessage(4022, LogLevel.Warning, "The health checks could not be run for the systemd status line", EventName = "StatusLineHealthFailed")] internal static partial void LogHealthFailed(ILogger logger, Exception exception);
        [LoggerMessage(EventId = 4023, EventName = "HealthChanged", Message = "Health changed from {Previous} to {Current}: {Details}")] internal static partial void LogHealthChanged(ILogger logger, LogLevel level, string previous, string current, string details);
    }
}
