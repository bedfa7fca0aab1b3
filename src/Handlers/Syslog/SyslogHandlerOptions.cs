namespace UnixDatagram.Handlers;

/// <summary>
/// Options of a <see cref="SyslogHandler"/>, bound from <c>Daemon:Handlers:&lt;name&gt;</c> (for the default name,
/// <c>Daemon:Handlers:syslog</c>).
/// </summary>
public sealed class SyslogHandlerOptions
{
    /// <summary>The default <see cref="MaxMessageSize"/>: 8192 bytes.</summary>
    public const int DefaultMaxMessageSize = 8192;

    /// <summary>
    /// The most bytes of a message's MSG that are logged (rsyslog's <c>maxMessageSize</c>). A longer MSG is cut before
    /// a character that would not fit whole, as RFC 5424 §6.1 asks of a receiver that gets a message longer than it
    /// supports, and logged as event 2034/2035, which gives the MSG's whole length. The same bound cuts the raw text of
    /// a malformed datagram (events 2032/2033). At least 480 (RFC 5424 §6.1: every receiver takes messages of 480
    /// bytes), at most 10240, so that a message, escaped (a byte shown as <c>\xNN</c> takes 4), stays within one line of
    /// journald (<c>LineMax=</c>, 48K by default) when the log goes to the journal. Default: 8192.
    /// </summary>
    public int MaxMessageSize { get; set; } = DefaultMaxMessageSize;
}
