using Microsoft.Extensions.Logging;

namespace UnixDatagram.Hosting.Reload;

/// <summary>Log events of <see cref="SighupReloadService"/> (event ids 1310-1319; all ranges: README.md, "Log events").</summary>
internal static partial class SighupReloadServiceLog
{
    [LoggerMessage(1310, LogLevel.Information, "SIGHUP received: reloading the configuration", EventName = nameof(LogSignal))]
    internal static partial void LogSignal(ILogger logger);
}
