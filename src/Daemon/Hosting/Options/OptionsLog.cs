namespace UnixDatagram.Hosting.Options;

/// <summary>Log events of the Options folder (<see cref="ConfigurationSchemaValidator"/>): 1030-1039 (all ranges: README.md, "Log events").</summary>
internal static partial class OptionsLog
{
    [LoggerMessage(1030, LogLevel.Warning, "Configuration: {Problem}", EventName = "UnknownConfigurationKey")] internal static partial void LogUnknownKey(ILogger logger, string problem);
}
