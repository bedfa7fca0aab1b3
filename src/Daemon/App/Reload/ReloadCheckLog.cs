using ILogger = Microsoft.Extensions.Logging.ILogger;

namespace UnixDatagram.Daemon;

/// <summary>Log events of the executable's reload check (<see cref="StartSectionsReloadCheck"/>), event ids 1320 and 1323 of the executable's range 1320-1329 (all ranges: README.md, "Log events").</summary>
internal static partial class ReloadCheckLog
{
    [LoggerMessage(1320, LogLevel.Warning, "{Keys} changed: the Serilog and OpenTelemetry sections are read at start, so this takes effect at restart; the rest of the reload is applied (values of Serilog's MinimumLevel and level switches that were set at start apply now)", EventName = "ReadAtStartChanged")] internal static partial void LogRestartRequired(ILogger logger, string keys);
    [LoggerMessage(1323, LogLevel.Warning, "{Changes}: Serilog applied this as soon as the configuration was re-read, whether the rest of this reload is accepted or not", EventName = "LevelAppliedAtReread")] internal static partial void LogLevelApplied(ILogger logger, string changes);
}
