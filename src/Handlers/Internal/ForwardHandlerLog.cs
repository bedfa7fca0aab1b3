namespace UnixDatagram.Handlers.Internal;

/// <summary>Log events of <see cref="ForwardHandler"/> (event ids 2020-2029, 2020 and 2021 in use; all ranges: README.md, "Log events").</summary>
internal static partial class ForwardHandlerLog
{
    [LoggerMessage(2020, LogLevel.Warning, "Forward on {Endpoint} to target {Target}: {Result}, the {Length}-byte datagram was not delivered ({Suppressed} more like it since the last such warning).", EventName = "ForwardNotDelivered")] internal static partial void LogNotDelivered(ILogger logger, string endpoint, string target, SendResult result, int length, long suppressed);
    [LoggerMessage(2021, LogLevel.Warning, "Forward on {Endpoint} to target {Target}: the datagram from {Sender} ({Credentials}) was not forwarded because the kernel truncated it to its first {MaxDatagramSize} of {Length} bytes (the endpoint's MaxDatagramSize; WhenTruncated Deliver): forwarded, it would arrive as if whole ({Suppressed} more since the last report).", EventName = "ForwardTruncated")] internal static partial void LogTruncated(ILogger logger, string endpoint, string target, string sender, string credentials, int maxDatagramSize, int length, long suppressed);
}
