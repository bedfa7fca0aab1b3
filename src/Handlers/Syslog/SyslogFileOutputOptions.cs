namespace UnixDatagram.Handlers;

/// <summary>One file of a <see cref="SyslogFileHandler"/>, and which messages it gets: <c>Daemon:Handlers:&lt;name&gt;:Outputs:&lt;n&gt;</c>.</summary>
public sealed class SyslogFileOutputOptions
{
    /// <summary>
    /// The file: absolute, or relative to <see cref="SyslogFileHandlerOptions.Directory"/>. Opened for appending
    /// (created with <see cref="SyslogFileHandlerOptions.FileMode"/>), and opened again on reload (SIGHUP,
    /// <c>dgramd reload</c>), so that after logrotate renames it the next lines go to a new file. Required.
    /// </summary>
    public string? File { get; set; }

    /// <summary>
    /// Which messages, as an rsyslog/syslog.conf selector: <c>FACILITY.SEVERITY</c> items separated by <c>;</c>,
    /// applied in order. FACILITY is a keyword (<c>kern</c>, <c>user</c>, <c>mail</c>, <c>daemon</c>, <c>auth</c>,
    /// <c>syslog</c>, <c>lpr</c>, <c>news</c>, <c>uucp</c>, <c>cron</c>, <c>authpriv</c>, <c>ftp</c>, <c>ntp</c>,
    /// <c>audit</c>, <c>alert</c>, <c>clock</c>, <c>local0</c>..<c>local7</c>), a comma-separated list of them, or
    /// <c>*</c>. SEVERITY (<c>emerg</c>, <c>alert</c>, <c>crit</c>, <c>err</c>, <c>warning</c>, <c>notice</c>,
    /// <c>info</c>, <c>debug</c>) selects that severity and every more urgent one; <c>=info</c> only that one;
    /// <c>!info</c> takes that one and the more urgent ones away, <c>!=info</c> only that one; <c>*</c> all, <c>none</c>
    /// none. Examples: <c>*.*;auth,authpriv.none</c>, <c>mail.*</c>, <c>*.err</c>, <c>*.info;mail.none</c>.
    /// Default: <c>*.*</c>.
    /// </summary>
    public string Selector { get; set; } = "*.*";

    /// <summary>This file's line format; null for <see cref="SyslogFileHandlerOptions.Template"/>. Default: null.</summary>
    public string? Template { get; set; }
}
