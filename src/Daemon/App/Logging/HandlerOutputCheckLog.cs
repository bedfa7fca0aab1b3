using ILogger = Microsoft.Extensions.Logging.ILogger;

namespace UnixDatagram.Daemon;

/// <summary>
/// Log events of <see cref="HandlerOutputCheck"/>, event ids 1321-1322 of the executable's range 1320-1329 (all ranges:
/// README.md, "Log events"). A Warning, or the lowest level an output writes when that is above Warning, so that the
/// event itself is written.
/// </summary>
internal static partial class HandlerOutputCheckLog
{
    [LoggerMessage(EventId = 1321, EventName = "HandlerLevelNotWritten", Message = "Handler {Handler}: {Key} is {Value}, below {Lowest}, the lowest level any log output writes ({Restrictions}): its datagrams are handled and counted as handled, but reach no output. Set {Key} to {Suggested} or above, or lower those restrictions to {Value}")] internal static partial void LogHandlerLevelNotWritten(ILogger logger, LogLevel level, string handler, string key, LogLevel value, LogEventLevel lowest, string restrictions, LogLevel suggested);
    [LoggerMessage(EventId = 1322, EventName = "SyslogSeveritiesNotWritten", Message = "Handler {Handler}: its messages of severity {Severities} pass the minimum level of the category '{Category}', but no log output writes below {Lowest} ({Restrictions}): they are handled and counted as handled, but reach no output. Lower those restrictions, or raise Serilog:MinimumLevel:Override:{Category} to {Lowest}, which counts them as filtered (unixdgram.syslog.filtered)")] internal static partial void LogSyslogSeveritiesNotWritten(ILogger logger, LogLevel level, string handler, string severities, string category, LogEventLevel lowest, string restrictions);
}
