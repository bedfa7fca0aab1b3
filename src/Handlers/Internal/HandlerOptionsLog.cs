namespace UnixDatagram.Handlers.Internal;

/// <summary>Log events about handler options (event ids 2090-2099; all ranges: README.md, "Log events").</summary>
internal static partial class HandlerOptionsLog
{
    [LoggerMessage(2090, LogLevel.Error, "Handler {Handler}: the reloaded options are invalid and were not applied; it keeps its previous options. {Errors}", EventName = "InvalidOptionsReload")] internal static partial void LogInvalidReload(ILogger logger, string handler, string errors);
}
