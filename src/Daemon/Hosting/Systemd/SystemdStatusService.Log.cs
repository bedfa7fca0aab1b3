using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting.Systemd;

/// <content>Log messages, event ids 4020-4029.</content>
internal sealed partial class SystemdStatusService
{
    [LoggerMessage(4020, LogLevel.Debug, "systemd status line inactive: NOTIFY_SOCKET is not set")]
    private static partial void LogInactive(ILogger logger);

    [LoggerMessage(4021, LogLevel.Warning, "The systemd status line could not be sent: {Reason}")]
    private static partial void LogNotifyFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(4022, LogLevel.Warning, "The health checks could not be run for the systemd status line")]
    private static partial void LogHealthFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4023, Message = "Health changed from {Previous} to {Current}: {Details}")]
    private static partial void LogHealthChanged(ILogger logger, LogLevel level, string previous, string current, string details);
}
