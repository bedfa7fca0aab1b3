using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting.Systemd;

/// <summary>Log events of <see cref="SystemdWatchdogService"/> (event ids 4010-4019; all ranges: README.md, "Log events").</summary>
internal static partial class SystemdWatchdogServiceLog
{
    [LoggerMessage(4010, LogLevel.Debug, "systemd watchdog inactive: {Reason}", EventName = nameof(LogInactive))]
    internal static partial void LogInactive(ILogger logger, string reason);

    [LoggerMessage(4011, LogLevel.Information, "systemd watchdog active: timeout {Timeout}, WATCHDOG=1 every {Interval} while health is not Unhealthy", EventName = nameof(LogActive))]
    internal static partial void LogActive(ILogger logger, TimeSpan timeout, TimeSpan interval);

    [LoggerMessage(4012, LogLevel.Warning, "Health is Unhealthy ({Entries}): the systemd watchdog ping is withheld, so systemd restarts the daemon if this lasts {Timeout}", EventName = nameof(LogWithheld))]
    internal static partial void LogWithheld(ILogger logger, string entries, TimeSpan timeout);

    [LoggerMessage(4013, LogLevel.Information, "Health is {Status} again: systemd watchdog pings resumed", EventName = nameof(LogResumed))]
    internal static partial void LogResumed(ILogger logger, HealthStatus status);

    [LoggerMessage(4014, LogLevel.Warning, "The systemd watchdog ping could not be sent: {Reason}", EventName = nameof(LogNotifyFailed))]
    internal static partial void LogNotifyFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(4015, LogLevel.Error, "The health checks could not be run; the systemd watchdog ping is withheld", EventName = nameof(LogHealthFailed))]
    internal static partial void LogHealthFailed(ILogger logger, Exception exception);
}
