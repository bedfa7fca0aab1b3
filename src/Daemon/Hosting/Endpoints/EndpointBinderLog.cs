using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting.Endpoints;

/// <summary>Log events of <see cref="EndpointBinder"/> (event ids 1000-1009; all ranges: README.md, "Log events").</summary>
internal static partial class EndpointBinderLog
{
    [LoggerMessage(1000, LogLevel.Information, "Endpoint '{Endpoint}' bound to {Address} (mode {Mode})", EventName = nameof(LogBound))]
    internal static partial void LogBound(ILogger logger, string endpoint, string address, string mode);

    [LoggerMessage(1004, LogLevel.Warning, "Endpoint '{Endpoint}' adopted the socket systemd passed as '{FileDescriptorName}' at {Address} without SO_PASSCRED: datagrams queued before now carry no credentials and are handled as 'credentials unknown' (an allow-list rejects them). Set PassCredentials=yes in the .socket unit (systemd-socket-activate: --passcred)", EventName = nameof(LogAdoptedWithoutCredentials))]
    internal static partial void LogAdoptedWithoutCredentials(ILogger logger, string endpoint, string fileDescriptorName, string address);

    [LoggerMessage(1001, LogLevel.Information, "Endpoint '{Endpoint}' adopted the socket systemd passed as '{FileDescriptorName}' at {Address}", EventName = nameof(LogAdopted))]
    internal static partial void LogAdopted(ILogger logger, string endpoint, string fileDescriptorName, string address);

    [LoggerMessage(1003, LogLevel.Warning, "Endpoint '{Endpoint}' adopted a socket systemd passed: {Key} ({Size}) is not applied to it, since the socket outlives this process; set ReceiveBuffer= in the .socket unit instead", EventName = nameof(LogReceiveBufferNotApplied))]
    internal static partial void LogReceiveBufferNotApplied(ILogger logger, string endpoint, string key, int size);

    [LoggerMessage(1002, LogLevel.Warning, "Endpoint '{Endpoint}' removed a stale socket file at {Path} (no process was receiving there)", EventName = nameof(LogStaleRemoved))]
    internal static partial void LogStaleRemoved(ILogger logger, string endpoint, string path);
}
