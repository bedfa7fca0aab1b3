namespace UnixDatagram.Handlers;

/// <summary>One syslog message as <see cref="SyslogParser"/> read it.</summary>
/// <remarks>
/// Text fields are decoded from UTF-8 with control characters escaped (<c>\n</c>, <c>\x1b</c>) and invalid bytes shown
/// as <c>\xNN</c>, so a field can be logged as is without forging log lines. A field the message does not carry (RFC 5424's
/// NILVALUE <c>-</c>, or an RFC 3164 message without a tag) is null.
/// </remarks>
public sealed record SyslogMessage
{
    /// <summary>The facility (PRI / 8). <see cref="SyslogFacility.User"/> for a message without PRI.</summary>
    public SyslogFacility Facility { get; init; }

    /// <summary>The severity (PRI % 8). <see cref="SyslogSeverity.Notice"/> for a message without PRI.</summary>
    public SyslogSeverity Severity { get; init; }

    /// <summary>The priority value: <c>Facility * 8 + Severity</c>.</summary>
    public int Priority => ((int)Facility * 8) + (int)Severity;

    /// <summary>Whether the message began with a PRI; without one, RFC 3164 §4.3.3 says to take it as <c>user.notice</c>.</summary>
    public bool HasPriority { get; init; } = true;

    /// <summary>
    /// When the sender says it wrote the message. An RFC 3164 timestamp has no year and no zone: it is read in the
    /// receiver's local time zone (the sender is on the same host) and in the year that puts it no more than a week
    /// ahead of now.
    /// </summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The HOSTNAME field; local senders (glibc, <c>logger</c> by default) leave it out.</summary>
    public string? Hostname { get; init; }

    /// <summary>The APP-NAME (RFC 5424), or the TAG before <c>[PID]:</c> or <c>:</c> (RFC 3164).</summary>
    public string? AppName { get; init; }

    /// <summary>
    /// The PROCID (RFC 5424) or the PID in <c>TAG[PID]:</c> (RFC 3164), as the sender claims it. It is text, since
    /// RFC 5424 allows any PROCID; the kernel-verified pid is in <see cref="DatagramContext.Credentials"/>.
    /// </summary>
    public string? ProcessId { get; init; }

    /// <summary>The MSGID (RFC 5424 only).</summary>
    public string? MessageId { get; init; }

    /// <summary>The STRUCTURED-DATA elements as sent, escapes included, for example <c>[a@1 k="v\]"]</c> (RFC 5424 only).</summary>
    public string? StructuredData { get; init; }

    /// <summary>The MSG, without a leading byte order mark or trailing newlines and NULs; empty when there is none.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>
    /// The MSG's length in bytes as sent (after the byte order mark; trailing newlines and NULs left out). When it is
    /// more than <see cref="Message"/> shows, the MSG was cut (<see cref="SyslogHandlerOptions.MaxMessageSize"/>).
    /// </summary>
    public int MessageLength { get; init; }

    /// <summary>
    /// The STRUCTURED-DATA's length in bytes as sent; 0 without any. When it is more than
    /// <see cref="SyslogHandlerOptions.MaxMessageSize"/>, <see cref="StructuredData"/> was cut and ends with its marker.
    /// </summary>
    public int StructuredDataLength { get; init; }

    /// <summary>The protocol the message was written in.</summary>
    public SyslogFormat Format { get; init; }
}
