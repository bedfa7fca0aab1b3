namespace UnixDatagram.Hosting.Health;

/// <summary>Log events of the Health folder (<see cref="TargetHealthCheck"/>): 3020-3029 (all ranges: README.md, "Log events").</summary>
internal static partial class HealthLog
{
    [LoggerMessage(EventId = 3020, EventName = "TargetHealthChanged", Message = "Target '{Target}' health changed from {Previous} to {Status}: {Description}")] internal static partial void LogStatusChanged(ILogger logger, LogLevel level, string target, HealthStatus previous, HealthStatus status, string description);
}
