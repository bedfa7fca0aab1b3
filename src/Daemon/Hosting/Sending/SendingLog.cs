namespace UnixDatagram.Hosting.Sending;

/// <summary>Log events of the Sending folder (<see cref="SendTarget"/>, <see cref="TargetQueue"/>): 3000-3019 (all ranges: README.md, "Log events"). Nothing here is logged per datagram.</summary>
internal static partial class SendingLog
{
    [LoggerMessage(3000, LogLevel.Debug, "Target '{Target}' connected to {Path}", EventName = "TargetConnected")]
    internal static partial void LogConnected(ILogger logger, string target, string path);

    [LoggerMessage(3001, LogLevel.Warning, "Target '{Target}': no peer at {Path} at start ({Error}); sends return PeerUnavailable until it is there; next attempt in {Delay}", EventName = "TargetUnavailableAtStart")]
    internal static partial void LogUnavailableAtStart(ILogger logger, string target, string path, string error, TimeSpan delay);

    [LoggerMessage(3002, LogLevel.Debug, "Target '{Target}' is congested: the peer at {Path} is not reading fast enough (WhenCongested {Policy}, {Queued} queued)", EventName = "TargetCongested")]
    internal static partial void LogCongestionStarted(ILogger logger, string target, string path, TargetCongestionMode policy, int queued);

    [LoggerMessage(3003, LogLevel.Debug, "Target '{Target}' is writable again after {Duration} of congestion", EventName = "TargetCongestionEnded")]
    internal static partial void LogCongestionEnded(ILogger logger, string target, TimeSpan duration);

    [LoggerMessage(3004, LogLevel.Information, "Target '{Target}' is writable again after {Duration} of congestion", EventName = "TargetLongCongestionEnded")]
    internal static partial void LogLongCongestionEnded(ILogger logger, string target, TimeSpan duration);

    [LoggerMessage(3005, LogLevel.Warning, "Target '{Target}': the peer at {Path} is gone ({Error}); reconnecting with back-off, first attempt in {Delay}. Kept for the reconnect: {Kept} queued datagram(s); completed as PeerUnavailable: {Released} waiting send(s)", EventName = "TargetPeerLost")]
    internal static partial void LogPeerLost(ILogger logger, string target, string path, string error, TimeSpan delay, int kept, int released);

    [LoggerMessage(3006, LogLevel.Information, "Target '{Target}' reconnected to {Path} after {Downtime}; {Queued} queued datagram(s) go first", EventName = "TargetReconnected")]
    internal static partial void LogReconnected(ILogger logger, string target, string path, TimeSpan downtime, int queued);

    [LoggerMessage(3007, LogLevel.Debug, "Target '{Target}': reconnect to {Path} failed ({Error}); next attempt in {Delay}", EventName = "TargetReconnectFailed")]
    internal static partial void LogReconnectFailed(ILogger logger, string target, string path, string error, TimeSpan delay);

    [LoggerMessage(3008, LogLevel.Warning, "Target '{Target}' dropped {Count} datagram(s) since the last report: congested with its queue of {Capacity} full (WhenCongested DropNewest)", EventName = "TargetDropped")]
    internal static partial void LogDropped(ILogger logger, string target, long count, int capacity);

    [LoggerMessage(3009, LogLevel.Warning, "Target '{Target}' stopped with {Count} datagram(s) unsent to {Path}; counted as dropped", EventName = "TargetLeftAtStop")]
    internal static partial void LogLeftAtStop(ILogger logger, string target, string path, int count);

    [LoggerMessage(3010, LogLevel.Error, "Target '{Target}': a queued datagram of {Length} bytes could not be sent and was discarded ({Suppressed} more since the last report)", EventName = "TargetQueuedSendFailed")]
    internal static partial void LogQueuedSendFailed(ILogger logger, Exception exception, string target, int length, long suppressed);

    [LoggerMessage(3011, LogLevel.Error, "Target '{Target}': the socket to {Path} failed; reconnecting with a new one", EventName = "TargetSocketFailed")]
    internal static partial void LogSocketFailed(ILogger logger, Exception exception, string target, string path);

    [LoggerMessage(3012, LogLevel.Error, "Target '{Target}': a reconnect attempt to {Path} failed unexpectedly; next attempt in {Delay}", EventName = "TargetReconnectFaulted")]
    internal static partial void LogReconnectFaulted(ILogger logger, Exception exception, string target, string path, TimeSpan delay);

    [LoggerMessage(3013, LogLevel.Error, "Target '{Target}' ({Key} '{Path}'): refused to connect, so nothing is sent there and sends return PeerUnavailable; next attempt in {Delay}: {Reason}", EventName = "TargetRefused")]
    internal static partial void LogRefused(ILogger logger, string target, string key, string path, string reason, TimeSpan delay);
}
