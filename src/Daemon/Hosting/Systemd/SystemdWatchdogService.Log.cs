using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting.Systemd;

/// <content>Log messages, event ids 4010-4019.</content>
internal sealed partial class SystemdWatchdogService
{
    [LoggerMessage(4010, LogLevel.Debug, "systemd watchdog inactive: {Reason}")]
    private static partial void LogInactive(ILogger logger, string reason);

    [LoggerMessage(4011, LogLevel.Information, "systemd watchdog active: timeout {Timeout}, WATCHDOG=1 every {Interval} while health is not Unhealthy")]
    private static partial void LogActive(ILogger logger, TimeSpan timeout, TimeSpan interval);

    [LoggerMessage(4012, LogLevel.Warning, "Health is Unhealthy ({Entries}): the systemd watchdog ping is withheld, so systemd restarts the daemon if this lasts {Timeout}")]
    private static partial void LogWithheld(ILogger logger, string entries, TimeSpan timeout);

    [LoggerMessage(4013, LogLevel.Information, "Health is {Status} again: systemd watchdog pings resumed")]
    private static partial void LogResumed(ILogger logger, HealthStatus status);

    [LoggerMessage(4014, LogLevel.Warning, "The systemd watchdog ping could not be sent: {Reason}")]
    private static partial void LogNotifyFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(4015, LogLevel.Error, "The health checks could not be run; the systemd watchdog ping is withheld")]
    private static partial void LogHealthFailed(ILogger logger, Exception exception);
}
