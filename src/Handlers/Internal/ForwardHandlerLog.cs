namespace UnixDatagram.Handlers.Internal;

/// <summary>Log events of <see cref="ForwardHandler"/> (event ids 2020-2029; all ranges: README.md, "Log events").</summary>
internal static partial class ForwardHandlerLog
{
    [LoggerMessage(2020, LogLevel.Warning, "Forward on {Endpoint} to target {Target}: {Result}, the {Length}-byte datagram was not delivered ({Suppressed} more like it since the last such warning).", EventName = "ForwardNotDelivered")] internal static partial void LogNotDelivered(ILogger logger, string endpoint, string target, SendResult result, int length, long suppressed);
}
