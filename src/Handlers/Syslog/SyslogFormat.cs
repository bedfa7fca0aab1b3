namespace UnixDatagram.Handlers;

/// <summary>Which syslog protocol a <see cref="SyslogMessage"/> was written in.</summary>
public enum SyslogFormat
{
    /// <summary>
    /// The BSD format of RFC 3164, as glibc's <c>syslog(3)</c> and <c>logger</c> send it:
    /// <c>&lt;PRI&gt;Mmm dd hh:mm:ss [HOSTNAME ]TAG[PID]: MSG</c>. Also anything that is not RFC 5424, read as
    /// leniently as RFC 3164 §4.3 asks of a receiver.
    /// </summary>
    Rfc3164,
    /// <summary>
    /// RFC 5424: <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]</c>, as
    /// <c>logger --rfc5424</c> sends it.
    /// </summary>
    Rfc5424,
}
