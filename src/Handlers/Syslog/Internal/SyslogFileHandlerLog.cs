namespace UnixDatagram.Handlers.Internal;

/// <summary>Log events of <see cref="SyslogFileHandler"/> (event ids 2040-2049; all ranges: README.md, "Log events").</summary>
internal static partial class SyslogFileHandlerLog
{
    [LoggerMessage(2040, LogLevel.Error, "Handler {Handler}: cannot {Operation} {Path} ({Key}): {Reason}; {Lines} line(s) lost, the file is opened again for the next line ({Suppressed} more failures since the last report, {LostTotal} lines lost in all)", EventName = "SyslogFileWriteFailed")] internal static partial void LogWriteFailed(ILogger logger, string handler, string operation, string path, string key, string reason, long lines, long suppressed, long lostTotal);
    [LoggerMessage(2041, LogLevel.Information, "Handler {Handler}: files closed and opened again on reload (after logrotate, new lines go to new files): {Files}", EventName = "SyslogFilesReopened")] internal static partial void LogReopened(ILogger logger, string handler, string files);
    [LoggerMessage(2042, LogLevel.Warning, "Handler {Handler}: a datagram on {Endpoint} is not a syslog message ({Reason}); it is written raw as user.notice ({Suppressed} more since the last report)", EventName = "SyslogFileMalformed")] internal static partial void LogMalformed(ILogger logger, string handler, string endpoint, string reason, long suppressed);
}
