namespace UnixDatagram.Hosting.Control;

/// <summary>Log events of the Control folder (<see cref="ControlEndpointService"/>), in id order: 1200-1209 (all ranges: README.md, "Log events").</summary>
internal static partial class ControlLog
{
    [LoggerMessage(1200, LogLevel.Information, "Control socket listening on {Path} (requests: health, stats, reload; from uids {AllowedUserIds}; reload from uids {ReloadUserIds})", EventName = "ControlListening")]
    internal static partial void LogListening(ILogger logger, string path, string allowedUserIds, string reloadUserIds);

    [LoggerMessage(1201, LogLevel.Warning, "Control request from an unnamed socket (uid {UserId}, pid {ProcessId}) not answered: the requester must bind to receive a reply ({Count} so far; logged at most every 10 s)", EventName = "ControlUnnamedRequester")]
    internal static partial void LogUnnamedRequester(ILogger logger, uint userId, int processId, long count);

    [LoggerMessage(1202, LogLevel.Warning, "Control reply to uid {UserId} (pid {ProcessId}, socket {Requester}) dropped, request {Request}: {Reason} ({Count} so far; logged at most every 10 s per uid)", EventName = "ControlReplyDropped")]
    internal static partial void LogReplyDropped(ILogger logger, uint userId, int processId, string requester, string request, string reason, long count);

    [LoggerMessage(1203, LogLevel.Warning, "Control request from uid {UserId} (pid {ProcessId}) rejected: {Reason} ({Count} so far; logged at most every 10 s)", EventName = "ControlRequestRejected")]
    internal static partial void LogRejected(ILogger logger, string userId, int processId, string reason, long count);

    [LoggerMessage(1204, LogLevel.Warning, "Control socket {Path} lets uids {AllowedUserIds} (Daemon:ControlAllowedUserIds) connect, but the directory {Directory} has mode {DirectoryMode}: they cannot reach the socket, since connecting needs search permission on every directory on its path. Put it in a directory they may search (Daemon:ControlPath, Daemon:SocketDirectory, or systemd's RuntimeDirectory= with RuntimeDirectoryMode=0755)", EventName = "ControlSocketUnreachable")]
    internal static partial void LogControlUnreachable(ILogger logger, string path, string allowedUserIds, string directory, string directoryMode);
}
