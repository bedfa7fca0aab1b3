namespace UnixDatagram.Hosting.Reload;

/// <summary>Log events of the Reload folder, in id order (all ranges: README.md, "Log events"): the reloader (<see cref="DaemonReloader"/>) 1300-1309, SIGHUP (<see cref="SighupReloadService"/>) 1310-1319.</summary>
internal static partial class ReloadLog
{
    [LoggerMessage(1300, LogLevel.Information, "Reloading the configuration", EventName = "Reloading")] internal static partial void LogReloading(ILogger logger);
    [LoggerMessage(1301, LogLevel.Information, "Configuration reloaded: {Summary}", EventName = "Reloaded")] internal static partial void LogReloaded(ILogger logger, string summary);
    [LoggerMessage(1302, LogLevel.Error, "Reload failed; the previous configuration is still in use: {Reason}", EventName = "ReloadFailed")] internal static partial void LogReloadFailed(ILogger logger, string reason);
    [LoggerMessage(1303, LogLevel.Warning, "{Key} changed from '{Previous}' to '{Next}': this takes effect only at restart; the rest of the reload is applied", EventName = "ReloadRestartRequired")] internal static partial void LogRestartRequired(ILogger logger, string key, string previous, string next);
    [LoggerMessage(1304, LogLevel.Warning, "The reload could not be reported to systemd: {Reason}", EventName = "ReloadNotifyFailed")] internal static partial void LogNotifyFailed(ILogger logger, string reason);
    [LoggerMessage(1310, LogLevel.Information, "SIGHUP received: reloading the configuration", EventName = "SighupReceived")] internal static partial void LogSignal(ILogger logger);
    [LoggerMessage(1311, LogLevel.Information, "SIGHUP was ignored when the process started (as nohup or the parent's trap leaves it); it is handled now: SIGHUP reloads the configuration", EventName = "IgnoredSighupHandled")] internal static partial void LogIgnoredSighupHandled(ILogger logger);
    [LoggerMessage(1312, LogLevel.Warning, "SIGHUP was ignored when the process started and could not be handled (a SIGHUP registration made before the daemon's installed no handler): SIGHUP does not reload; the control socket's reload request does", EventName = "SighupStaysIgnored")] internal static partial void LogSighupStaysIgnored(ILogger logger);
}
