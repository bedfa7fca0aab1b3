namespace UnixDatagram.Handlers.Internal;

/// <summary>Log events of <see cref="LogHandler"/> (event ids 2000-2009, 2000 to 2004 in use; all ranges: README.md, "Log events"); the level of 2000-2003 comes from its options.</summary>
internal static partial class LogHandlerLog
{
    [LoggerMessage(EventId = 2000, EventName = "Datagram",
        Message = "Datagram on {Endpoint} from {Sender}: {Length} bytes, truncated={Truncated}: {Payload}")]
    internal static partial void LogDatagram(ILogger logger, LogLevel level, string endpoint, string sender, int length, bool truncated, string payload);

    [LoggerMessage(EventId = 2001, EventName = "DatagramWithCredentials",
        Message = "Datagram on {Endpoint} from {Sender} pid={Pid} uid={Uid} gid={Gid}: {Length} bytes, truncated={Truncated}: {Payload}")]
    internal static partial void LogDatagramWithCredentials(ILogger logger, LogLevel level, string endpoint, string sender, int pid, uint uid, uint gid, int length, bool truncated, string payload);

    [LoggerMessage(EventId = 2002, EventName = "DatagramCut",
        Message = "Datagram on {Endpoint} from {Sender}: {Length} bytes, truncated={Truncated}, payload cut to its first {Shown} bytes: {Payload}")]
    internal static partial void LogDatagramCut(ILogger logger, LogLevel level, string endpoint, string sender, int length, bool truncated, int shown, string payload);

    [LoggerMessage(EventId = 2003, EventName = "DatagramCutWithCredentials",
        Message = "Datagram on {Endpoint} from {Sender} pid={Pid} uid={Uid} gid={Gid}: {Length} bytes, truncated={Truncated}, payload cut to its first {Shown} bytes: {Payload}")]
    internal static partial void LogDatagramCutWithCredentials(ILogger logger, LogLevel level, string endpoint, string sender, int pid, uint uid, uint gid, int length, bool truncated, int shown, string payload);

    [LoggerMessage(2004, LogLevel.Warning, "Handler {Handler}: {Key} is {Level}, below the minimum level {MinimumLevel} that the logging configuration gives the category '{Category}': its datagrams are not logged, only counted (unixdgram.log.filtered). Raise the handler's Level, or lower the minimum level for that category", EventName = "LevelNotLogged")]
    internal static partial void LogLevelNotLogged(ILogger logger, string handler, string key, LogLevel level, LogLevel minimumLevel, string category);
}
