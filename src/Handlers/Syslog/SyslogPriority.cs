// The two parts of a syslog message's PRI, RFC 5424 §6.2.1: PRI = facility × 8 + severity (0 to 191).

namespace UnixDatagram.Handlers;

/// <summary>A syslog facility (RFC 5424 §6.2.1, table 1): PRI divided by 8. The keyword in each summary is the name
/// <c>logger -p</c> and syslog configurations use.</summary>
public enum SyslogFacility
{
    /// <summary>0, <c>kern</c>: kernel messages.</summary>
    Kernel = 0,

    /// <summary>1, <c>user</c>: user-level messages.</summary>
    User = 1,

    /// <summary>2, <c>mail</c>: mail system.</summary>
    Mail = 2,

    /// <summary>3, <c>daemon</c>: system daemons.</summary>
    Daemon = 3,

    /// <summary>4, <c>auth</c>: security/authorization messages.</summary>
    Auth = 4,

    /// <summary>5, <c>syslog</c>: messages generated internally by syslogd.</summary>
    Syslog = 5,

    /// <summary>6, <c>lpr</c>: line printer subsystem.</summary>
    LinePrinter = 6,

    /// <summary>7, <c>news</c>: network news subsystem.</summary>
    News = 7,

    /// <summary>8, <c>uucp</c>: UUCP subsystem.</summary>
    Uucp = 8,

    /// <summary>9, <c>cron</c>: clock daemon.</summary>
    Cron = 9,

    /// <summary>10, <c>authpriv</c>: security/authorization messages (private).</summary>
    AuthPriv = 10,

    /// <summary>11, <c>ftp</c>: FTP daemon.</summary>
    Ftp = 11,

    /// <summary>12, <c>ntp</c>: NTP subsystem.</summary>
    Ntp = 12,

    /// <summary>13, <c>audit</c>: log audit.</summary>
    Audit = 13,

    /// <summary>14, <c>alert</c>: log alert.</summary>
    Alert = 14,

    /// <summary>15, <c>clock</c>: clock daemon (the second one).</summary>
    Clock = 15,

    /// <summary>16, <c>local0</c>: local use 0.</summary>
    Local0 = 16,

    /// <summary>17, <c>local1</c>: local use 1.</summary>
    Local1 = 17,

    /// <summary>18, <c>local2</c>: local use 2.</summary>
    Local2 = 18,

    /// <summary>19, <c>local3</c>: local use 3.</summary>
    Local3 = 19,

    /// <summary>20, <c>local4</c>: local use 4.</summary>
    Local4 = 20,

    /// <summary>21, <c>local5</c>: local use 5.</summary>
    Local5 = 21,

    /// <summary>22, <c>local6</c>: local use 6.</summary>
    Local6 = 22,

    /// <summary>23, <c>local7</c>: local use 7.</summary>
    Local7 = 23,
}

/// <summary>A syslog severity (RFC 5424 §6.2.1, table 2): the low three bits of PRI.</summary>
public enum SyslogSeverity
{
    /// <summary>0, <c>emerg</c>: system is unusable.</summary>
    Emergency = 0,

    /// <summary>1, <c>alert</c>: action must be taken immediately.</summary>
    Alert = 1,

    /// <summary>2, <c>crit</c>: critical conditions.</summary>
    Critical = 2,

    /// <summary>3, <c>err</c>: error conditions.</summary>
    Error = 3,

    /// <summary>4, <c>warning</c>: warning conditions.</summary>
    Warning = 4,

    /// <summary>5, <c>notice</c>: normal but significant condition.</summary>
    Notice = 5,

    /// <summary>6, <c>info</c>: informational messages.</summary>
    Informational = 6,

    /// <summary>7, <c>debug</c>: debug-level messages.</summary>
    Debug = 7,
}
