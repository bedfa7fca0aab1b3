using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting.Endpoints;

/// <summary>Log events of <see cref="DatagramListenerService"/> (event ids 1010-1019; all ranges: README.md, "Log events").</summary>
internal static partial class DatagramListenerServiceLog
{
    [LoggerMessage(1010, LogLevel.Warning, "No endpoints are configured (Daemon:Endpoints is empty): nothing will be received", EventName = nameof(LogNoEndpoints))]
    internal static partial void LogNoEndpoints(ILogger logger);

    [LoggerMessage(1011, LogLevel.Warning, "Endpoint '{Endpoint}': Mode, UserId or GroupId changed, but the socket at {Address} is kept across a reload and keeps its mode and owner; the new ones apply at restart (or with a new Path)", EventName = nameof(LogFileModeKept))]
    internal static partial void LogFileModeKept(ILogger logger, string endpoint, string address);

    [LoggerMessage(1012, LogLevel.Error, "Endpoint '{Endpoint}': the changed socket options could not be applied to the kept socket", EventName = nameof(LogReconfigureFailed))]
    internal static partial void LogReconfigureFailed(ILogger logger, Exception exception, string endpoint);
}
