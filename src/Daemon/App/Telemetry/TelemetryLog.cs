using ILogger = Microsoft.Extensions.Logging.ILogger;

namespace UnixDatagram.Daemon;

/// <summary>Log events of <c>dgramd</c>'s OpenTelemetry export (<see cref="ExportFailureReport"/>), event ids 1330-1339 (all ranges: README.md, "Log events").</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(1330, LogLevel.Warning, "OpenTelemetry {Signal} export to {Endpoint} (OpenTelemetry:Endpoint) failed {Failures} time(s) since the last such line: {Reason}", EventName = "ExportFailed")] internal static partial void LogExportFailed(ILogger logger, string signal, Uri endpoint, long failures, string reason);
}
