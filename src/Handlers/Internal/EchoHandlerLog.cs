namespace UnixDatagram.Handlers.Internal;

/// <summary>Log events of <see cref="EchoHandler"/> (event ids 2010-2019; all ranges: README.md, "Log events").</summary>
internal static partial class EchoHandlerLog
{
    [LoggerMessage(2010, LogLevel.Warning, "Echo on {Endpoint}: the {Length}-byte datagram was not answered because its sender is unnamed (its socket never bound, so no reply can reach it). A client that wants replies binds to a path or an @abstract name before sending ({Suppressed} more since the last report).", EventName = "EchoSenderUnnamed")] internal static partial void LogSenderUnnamed(ILogger logger, string endpoint, int length, long suppressed);
    [LoggerMessage(2011, LogLevel.Warning, "Echo on {Endpoint}: the {Length}-byte datagram from {Sender} was not answered because the context has no socket to reply through ({Suppressed} more since the last report).", EventName = "EchoNoReplySocket")] internal static partial void LogNoReplySocket(ILogger logger, string endpoint, string sender, int length, long suppressed);
}
