namespace UnixDatagram.Handlers;

/// <summary>
/// Options of a <see cref="SyslogFileHandler"/>, bound from <c>Daemon:Handlers:&lt;name&gt;</c> (for the default name,
/// <c>Daemon:Handlers:syslog-files</c>). Checked when the handler is created, so a bad value fails start naming its key.
/// </summary>
public sealed class SyslogFileHandlerOptions
{
    /// <summary>rsyslog's <c>RSYSLOG_TraditionalFileFormat</c>, the format of Debian's <c>/var/log/syslog</c>.</summary>
    public const string TraditionalFileFormat = "%TIMESTAMP% %HOSTNAME% %syslogtag%%msg:::sp-if-no-1st-sp%%msg:::drop-last-lf%";

    /// <summary>
    /// The directory relative <see cref="SyslogFileOutputOptions.File"/> paths are in. Default: null, meaning
    /// <c>$LOGS_DIRECTORY</c> (systemd's <c>LogsDirectory=</c>, the first entry if it lists several); without either,
    /// every file must be an absolute path.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>
    /// The line format of every output that names none: rsyslog's template syntax, <c>%property%</c> or
    /// <c>%property:::option,option%</c>, with <c>%%</c> for a percent sign; a newline ends each line. Properties:
    /// <c>TIMESTAMP</c> (<c>timereported</c>: when the message was received, as <c>Mmm dd hh:mm:ss</c>; the message's
    /// own time instead when <see cref="IgnoreTimestamp"/> is off and it has one), <c>timegenerated</c> (when it was
    /// received), <c>timestamp-claimed</c> (the time the message carries, <c>-</c> without one), <c>HOSTNAME</c> (this
    /// host's short name; the message's instead when <see cref="ParseHostname"/> is on and it has one),
    /// <c>hostname-claimed</c> (the HOSTNAME the message carries, <c>-</c> without one), <c>fromhost</c> (this host's
    /// short name, where a local socket's messages come from),
    /// <c>syslogtag</c> (<c>app[procid]:</c>), <c>programname</c>, <c>procid</c>, <c>msgid</c>, <c>structured-data</c>,
    /// <c>msg</c>, <c>syslogfacility-text</c>, <c>syslogseverity-text</c>, <c>syslogfacility</c>, <c>syslogseverity</c>,
    /// <c>pri</c>, <c>pri-text</c> (<c>user.warning</c>), the kernel-verified sender <c>pid</c>, <c>uid</c>, <c>gid</c>
    /// (<c>-</c> without credentials), and <c>endpoint</c>. Options: <c>date-rfc3339</c>, <c>date-rfc3164</c>,
    /// <c>sp-if-no-1st-sp</c>, <c>drop-last-lf</c>. Values are escaped as the log output escapes them (a control
    /// character as <c>\n</c>, <c>\x1b</c>), so one message is one line. Default: <see cref="TraditionalFileFormat"/>.
    /// </summary>
    public string Template { get; set; } = TraditionalFileFormat;

    /// <summary>
    /// Whether the TIMESTAMP a message carries is ignored, so that <c>%TIMESTAMP%</c> (<c>%timereported%</c>) is when
    /// the message was received, as rsyslog's <c>imuxsock</c> does on local sockets by default (<c>SysSock.IgnoreTimestamp</c>
    /// and the input's <c>IgnoreTimestamp</c>: on). Any local user may write to a syslog socket and put any time in a
    /// message, such as a backdated line in <c>auth.log</c>. Off: the message's time when it has one (what the sender
    /// claims), else when it was received. Either way the message's time is <c>%timestamp-claimed%</c>. Default: true.
    /// </summary>
    public bool IgnoreTimestamp { get; set; } = true;

    /// <summary>
    /// Whether <c>%HOSTNAME%</c> is the HOSTNAME a message carries (this host's short name when it carries none), as
    /// rsyslog's <c>imuxsock</c> has it with <c>SysSock.ParseHostname</c> (and the input's <c>ParseHostname</c>) on.
    /// Off, as rsyslog's default, <c>%HOSTNAME%</c> is always this host's short name: local sockets take only local
    /// messages, and any local user can name any host in one. Either way the message's HOSTNAME is
    /// <c>%hostname-claimed%</c>. Default: false.
    /// </summary>
    public bool ParseHostname { get; set; }

    /// <summary>
    /// The files and which messages each gets, as rsyslog's selector lines do (<c>mail.*</c> to one file, <c>*.err</c>
    /// to another). A message goes to every output whose selector matches it. At least one is required.
    /// </summary>
    public IList<SyslogFileOutputOptions> Outputs { get; } = [];

    /// <summary>
    /// The most bytes of a message's MSG written to its line, as the <c>syslog</c> handler's
    /// <see cref="SyslogHandlerOptions.MaxMessageSize"/>: a longer MSG (or the raw text of a datagram that is not a
    /// syslog message) is cut before a character that would not fit whole and ends with
    /// <c>[message cut at MaxMessageSize 8192 of its 65000 bytes]</c>, as RFC 5424 §6.1 allows a receiver. STRUCTURED-DATA
    /// is bounded by it too, on its own. Escaping can make the text up to four times as long (a byte shown as
    /// <c>\xNN</c>). At least 480 (RFC 5424 §6.1). Default: 8192.
    /// </summary>
    public int MaxMessageSize { get; set; } = SyslogHandlerOptions.DefaultMaxMessageSize;

    /// <summary>The mode of files the handler creates, in octal. Default: <c>0640</c> (rsyslog's <c>$FileCreateMode</c>).</summary>
    public string FileMode { get; set; } = "0640";

    /// <summary>
    /// Lines formatted and waiting for the writer. When it is full, the handler waits (so the endpoint's queue, then
    /// the kernel's, hold the rest and senders see congestion); nothing is dropped. Default: 8192.
    /// </summary>
    public int QueueCapacity { get; set; } = 8192;

    /// <summary>
    /// Bytes gathered per file before a <c>write(2)</c>. The writer takes every line waiting, writes them through this
    /// buffer and flushes each file once the queue is empty, so a burst costs one system call per buffer, and a quiet
    /// moment has every line on disk. Default: 65536.
    /// </summary>
    public int BufferSize { get; set; } = 65536;
}
