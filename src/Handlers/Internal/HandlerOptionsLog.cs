using Microsoft.Extensions.Logging;

namespace UnixDatagram.Handlers.Internal;

/// <summary>Log events about handler options (event ids 2090-2099).</summary>
internal static partial class HandlerOptionsLog
{
    [LoggerMessage(EventId = 2090, EventName = "InvalidOptionsReload", Level = LogLevel.Error,
        Message = "Handler {Handler}: the reloaded options are invalid and were not applied; it keeps its previous options. {Errors}")]
    public static partial void InvalidReload(ILogger logger, string handler, string errors);
}
