using Microsoft.Extensions.Logging;

namespace UnixDatagram.Handlers.Internal;

/// <summary>Log events of <see cref="EchoHandler"/> (event ids 2010-2019).</summary>
internal static partial class EchoHandlerLog
{
    [LoggerMessage(EventId = 2010, EventName = "EchoSenderUnnamed", Level = LogLevel.Warning,
        Message = "Echo on {Endpoint}: the {Length}-byte datagram was not answered because its sender is unnamed (its socket never bound, so no reply can reach it). A client that wants replies binds to a path or an @abstract name before sending.")]
    public static partial void SenderUnnamed(ILogger logger, string endpoint, int length);

    [LoggerMessage(EventId = 2011, EventName = "EchoNoReplySocket", Level = LogLevel.Warning,
        Message = "Echo on {Endpoint}: the {Length}-byte datagram from {Sender} was not answered because the context has no socket to reply through.")]
    public static partial void NoReplySocket(ILogger logger, string endpoint, string sender, int length);
}
