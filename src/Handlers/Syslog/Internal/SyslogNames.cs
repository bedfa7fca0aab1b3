namespace UnixDatagram.Handlers.Internal;

/// <summary>The keywords <c>logger -p</c> and syslog configurations use, and the log level of each severity.</summary>
internal static class SyslogNames
{
    private static readonly string[] Facilities =
    [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
        "ntp", "audit", "alert", "clock", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
    ];

    private static readonly string[] Severities = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];

    public static string Keyword(SyslogFacility facility) =>
        (uint)facility < (uint)Facilities.Length ? Facilities[(int)facility] : ((int)facility).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Keyword(SyslogSeverity severity) =>
        (uint)severity < (uint)Severities.Length ? Severities[(int)severity] : ((int)severity).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static LogLevel ToLogLevel(SyslogSeverity severity) => severity switch
    {
        SyslogSeverity.Emergency or SyslogSeverity.Alert or SyslogSeverity.Critical => LogLevel.Critical,
        SyslogSeverity.Error => LogLevel.Error,
        SyslogSeverity.Warning => LogLevel.Warning,
        SyslogSeverity.Notice or SyslogSeverity.Informational => LogLevel.Information,
        _ => LogLevel.Debug,
    };
}
