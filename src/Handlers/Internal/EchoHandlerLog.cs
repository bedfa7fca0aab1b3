namespace UnixDatagram.Handlers.Internal;

/// <summary>Log events of <see cref="EchoHandler"/> (event ids 2010-2019, 2010 to 2012 in use; all ranges: README.md, "Log events").</summary>
internal static partial class EchoHandlerLog
{
    [LoggerMessage(2010, LogLevel.Warning, "Echo on {Endpoint}: the {Length}-byte datagram from (unnamed) ({Credentials}) was not answered because its sender is unnamed (its socket never bound, so no reply can reach it). A client that wants replies binds to a path or an @abstract name before sending ({Suppressed} more since the last report).", EventName = "EchoSenderUnnamed")] internal static partial void LogSenderUnnamed(ILogger logger, string endpoint, int length, string credentials, long suppressed);
    [LoggerMessage(2011, LogLevel.Warning, "Echo on {Endpoint}: the {Length}-byte datagram from {Sender} ({Credentials}) was not answered because the context has no socket to reply through ({Suppressed} more since the last report).", EventName = "EchoNoReplySocket")] internal static partial void LogNoReplySocket(ILogger logger, string endpoint, string sender, string credentials, int length, long suppressed);
    [LoggerMessage(2012, LogLevel.Warning, "Echo on {Endpoint}: the datagram from {Sender} ({Credentials}) was not answered because the kernel truncated it to its first {MaxDatagramSize} of {Length} bytes (the endpoint's MaxDatagramSize; WhenTruncated Deliver): an echo would pass it back as if whole ({Suppressed} more since the last report).", EventName = "EchoTruncated")] internal static partial void LogTruncated(ILogger logger, string endpoint, string sender, string credentials, int maxDatagramSize, int length, long suppressed);
}
