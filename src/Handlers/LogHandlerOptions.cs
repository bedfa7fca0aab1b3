namespace UnixDatagram.Handlers;

/// <summary>
/// Options of a <see cref="LogHandler"/>, bound from <c>Daemon:Handlers:&lt;name&gt;</c> (for the default name,
/// <c>Daemon:Handlers:log</c>).
/// </summary>
public sealed class LogHandlerOptions
{
    /// <summary>How the payload is shown. Default: <see cref="PayloadFormat.Text"/>.</summary>
    public PayloadFormat Format { get; set; } = PayloadFormat.Text;

    /// <summary>
    /// The level of each datagram's log event; anything from <see cref="LogLevel.Trace"/> to
    /// <see cref="LogLevel.Critical"/> (not <see cref="LogLevel.None"/>: to log nothing, take the handler off the
    /// endpoint). When the logger's minimum level for the handler's category is above it, datagrams are counted, not
    /// logged, and the handler warns (see <see cref="LogHandler"/>). Default: <see cref="LogLevel.Information"/>.
    /// </summary>
    public LogLevel Level { get; set; } = LogLevel.Information;

    /// <summary>
    /// The most payload bytes shown per datagram; a longer payload is shown cut, and the log event says so (event
    /// 2002/2003 instead of 2000/2001). Text is cut before a character that would not fit whole. Zero shows no payload;
    /// at most 10240, so that a line, escaped, stays one record of the journal (journald's <c>LineMax=</c>). Default: 4096.
    /// </summary>
    public int MaxBytes { get; set; } = 4096;
}
