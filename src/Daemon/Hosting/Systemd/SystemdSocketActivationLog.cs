using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting.Systemd;

/// <summary>Log events of <see cref="SystemdSocketActivation"/> (event ids 4000-4009; all ranges: README.md, "Log events").</summary>
internal static partial class SystemdSocketActivationLog
{
    [LoggerMessage(4000, LogLevel.Information, "systemd passed file descriptor {FileDescriptor} named '{FileDescriptorName}': {Description}", EventName = nameof(LogPassed))]
    internal static partial void LogPassed(ILogger logger, int fileDescriptor, string fileDescriptorName, string description);

    [LoggerMessage(4001, LogLevel.Debug, "systemd socket activation variables ignored: {Reason}", EventName = nameof(LogIgnored))]
    internal static partial void LogIgnored(ILogger logger, string reason);

    [LoggerMessage(4002, LogLevel.Warning, "systemd socket activation variables are malformed: {Problem}", EventName = nameof(LogMalformed))]
    internal static partial void LogMalformed(ILogger logger, string problem);

    [LoggerMessage(4003, LogLevel.Warning, "systemd passed the datagram socket {Address} as file descriptor {FileDescriptor} named '{FileDescriptorName}', but no endpoint adopted it: what is sent there is never read. Give an endpoint that FileDescriptorName, or remove the socket from the .socket unit", EventName = nameof(LogUnclaimedSocket))]
    internal static partial void LogUnclaimedSocket(ILogger logger, int fileDescriptor, string fileDescriptorName, string address);

    [LoggerMessage(4004, LogLevel.Warning, "systemd passed file descriptor {FileDescriptor} named '{FileDescriptorName}', which is {Description}, not an AF_UNIX datagram socket; it is ignored", EventName = nameof(LogUnusable))]
    internal static partial void LogUnusable(ILogger logger, int fileDescriptor, string fileDescriptorName, string description);
}
