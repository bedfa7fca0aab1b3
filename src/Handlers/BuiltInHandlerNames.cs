namespace UnixDatagram.Handlers;

/// <summary>
/// The names the built-in handlers are registered under by default, for an endpoint's <c>Handlers</c> list.
/// </summary>
/// <remarks>
/// A handler class may be registered again under another name (for example a second <see cref="ForwardHandler"/>
/// called <c>"forward-audit"</c> with its own <c>Target</c>); its options then come from
/// <c>Daemon:Handlers:&lt;that name&gt;</c>.
/// </remarks>
public static class BuiltInHandlerNames
{
    /// <summary><see cref="LogHandler"/>: each datagram through <c>ILogger</c>, as text or hex.</summary>
    public const string Log = "log";

    /// <summary><see cref="EchoHandler"/>: replies each datagram's payload to its sender.</summary>
    public const string Echo = "echo";

    /// <summary><see cref="ForwardHandler"/>: relays each datagram to a configured send target.</summary>
    public const string Forward = "forward";

    /// <summary><see cref="SyslogHandler"/>: parses RFC 3164 and RFC 5424 messages into structured log events.</summary>
    public const string Syslog = "syslog";

    /// <summary><see cref="SyslogFileHandler"/>: parses syslog messages and appends them to files by facility and severity, as rsyslog does.</summary>
    public const string SyslogFiles = "syslog-files";
}
