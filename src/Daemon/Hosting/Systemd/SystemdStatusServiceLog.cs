using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting.Systemd;

/// <summary>Log events of <see cref="SystemdStatusService"/> (event ids 4020-4029; all ranges: README.md, "Log events").</summary>
internal static partial class SystemdStatusServiceLog
{
    [LoggerMessage(4020, LogLevel.Debug, "systemd status line inactive: NOTIFY_SOCKET is not set", EventName = nameof(LogInactive))]
    internal static partial void LogInactive(ILogger logger);

    [LoggerMessage(4021, LogLevel.Warning, "The systemd status line could not be sent: {Reason}", EventName = nameof(LogNotifyFailed))]
    internal static partial void LogNotifyFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(4022, LogLevel.Warning, "The health checks could not be run for the systemd status line", EventName = nameof(LogHealthFailed))]
    internal static partial void LogHealthFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4023, EventName = nameof(LogHealthChanged),
        Message = "Health changed from {Previous} to {Current}: {Details}")]
    internal static partial void LogHealthChanged(ILogger logger, LogLevel level, string previous, string current, string details);
}
