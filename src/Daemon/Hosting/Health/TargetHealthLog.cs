namespace UnixDatagram.Hosting.Health;

/// <summary>Target health log messages (event ids 3020-3029; all ranges: README.md, "Log events").</summary>
internal static partial class TargetHealthLog
{
    [LoggerMessage(EventId = 3020, EventName = nameof(StatusChanged),
        Message = "Target '{Target}' health changed from {Previous} to {Status}: {Description}")]
    public static partial void StatusChanged(ILogger logger, LogLevel level, string target, HealthStatus previous, HealthStatus status, string description);
}
