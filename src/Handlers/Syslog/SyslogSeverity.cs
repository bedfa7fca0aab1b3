namespace UnixDatagram.Handlers;

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
