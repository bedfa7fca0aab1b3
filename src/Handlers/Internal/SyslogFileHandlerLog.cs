using Microsoft.Extensions.Logging;

namespace UnixDatagram.Handlers.Internal;

/// <summary>Log events of <see cref="SyslogFileHandler"/> (event ids 2040-2049).</summary>
internal static partial class SyslogFileHandlerLog
{
    [LoggerMessage(EventId = 2040, EventName = "SyslogFileWriteFailed", Level = LogLevel.Error,
        Message = "Handler {Handler}: cannot {Operation} {Path}: {Reason}; {Lines} line(s) lost, the file is opened again for the next line ({Suppressed} more failures since the last report, {LostTotal} lines lost in all)")]
    public static partial void WriteFailed(ILogger logger, string handler, string operation, string path, string reason, long lines, long suppressed, long lostTotal);

    [LoggerMessage(EventId = 2041, EventName = "SyslogFilesReopened", Level = LogLevel.Information,
        Message = "Handler {Handler}: files closed and opened again on reload (after logrotate, new lines go to new files): {Files}")]
    public static partial void Reopened(ILogger logger, string handler, string files);

    [LoggerMessage(EventId = 2042, EventName = "SyslogFileMalformed", Level = LogLevel.Warning,
        Message = "Handler {Handler}: a datagram on {Endpoint} is not a syslog message ({Reason}); it is written raw as user.notice ({Suppressed} more since the last report)")]
    public static partial void Malformed(ILogger logger, string handler, string endpoint, string reason, long suppressed);
}
