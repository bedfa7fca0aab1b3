namespace UnixDatagram.Handlers.Internal;

/// <summary>Log events of <see cref="SyslogHandler"/> (event ids 2030-2039, 2030 to 2037 in use; all ranges: README.md, "Log events").</summary>
/// <remarks>
/// The message events carry the less used fields (hostname, MSGID, structured data, the sender's timestamp, the
/// format, truncation, the sender's address) as state only, out of the rendered line: the source generator keeps
/// parameters the template does not name in the structured state, keyed by the parameter's name, hence their
/// PascalCase names (SYSLIB1015 is its notice that they will not be rendered, which is the intent here).
/// </remarks>
internal static partial class SyslogHandlerLog
{
#pragma warning disable SYSLIB1015 // Structured state only, on purpose: see the remarks.
    [LoggerMessage(EventId = 2030, EventName = "SyslogMessage", Message = "{Facility}.{Severity} {App}[{ClaimedPid}] on {Endpoint}: {Message}")] internal static partial void LogMessage(
        ILogger logger, LogLevel level, string facility, string severity, string app, string claimedPid, string endpoint, string message,
        string? Hostname, string? MessageId, string? StructuredData, DateTimeOffset? Timestamp, SyslogFormat Format, bool Truncated, string Sender);

    [LoggerMessage(EventId = 2031, EventName = "SyslogMessageWithCredentials", Message = "{Facility}.{Severity} {App}[{ClaimedPid}] on {Endpoint} from pid={Pid} uid={Uid} gid={Gid}: {Message}")] internal static partial void LogMessageWithCredentials(
        ILogger logger, LogLevel level, string facility, string severity, string app, string claimedPid, string endpoint, int pid, uint uid, uint gid, string message,
        string? Hostname, string? MessageId, string? StructuredData, DateTimeOffset? Timestamp, SyslogFormat Format, bool Truncated, string Sender);

    [LoggerMessage(EventId = 2034, EventName = "SyslogMessageCut", Message = "{Facility}.{Severity} {App}[{ClaimedPid}] on {Endpoint}: {Message} " + SyslogMessageSize.CutMarkerTemplate)] internal static partial void LogMessageCut(
        ILogger logger, LogLevel level, string facility, string severity, string app, string claimedPid, string endpoint, string message, int maxMessageSize, int messageLength,
        string? Hostname, string? MessageId, string? StructuredData, DateTimeOffset? Timestamp, SyslogFormat Format, bool Truncated, string Sender);

    [LoggerMessage(EventId = 2035, EventName = "SyslogMessageCutWithCredentials", Message = "{Facility}.{Severity} {App}[{ClaimedPid}] on {Endpoint} from pid={Pid} uid={Uid} gid={Gid}: {Message} " + SyslogMessageSize.CutMarkerTemplate)] internal static partial void LogMessageCutWithCredentials(
        ILogger logger, LogLevel level, string facility, string severity, string app, string claimedPid, string endpoint, int pid, uint uid, uint gid, string message, int maxMessageSize, int messageLength,
        string? Hostname, string? MessageId, string? StructuredData, DateTimeOffset? Timestamp, SyslogFormat Format, bool Truncated, string Sender);

    [LoggerMessage(EventId = 2036, EventName = "SyslogMessageTruncated", Message = "{Facility}.{Severity} {App}[{ClaimedPid}] on {Endpoint}: {Message} " + SyslogMessageSize.DatagramCutMarkerTemplate)] internal static partial void LogMessageTruncated(
        ILogger logger, LogLevel level, string facility, string severity, string app, string claimedPid, string endpoint, string message, int maxDatagramSize, int datagramLength, int MessageLength,
        string? Hostname, string? MessageId, string? StructuredData, DateTimeOffset? Timestamp, SyslogFormat Format, bool Truncated, string Sender);

    [LoggerMessage(EventId = 2037, EventName = "SyslogMessageTruncatedWithCredentials", Message = "{Facility}.{Severity} {App}[{ClaimedPid}] on {Endpoint} from pid={Pid} uid={Uid} gid={Gid}: {Message} " + SyslogMessageSize.DatagramCutMarkerTemplate)] internal static partial void LogMessageTruncatedWithCredentials(
        ILogger logger, LogLevel level, string facility, string severity, string app, string claimedPid, string endpoint, int pid, uint uid, uint gid, string message, int maxDatagramSize, int datagramLength, int MessageLength,
        string? Hostname, string? MessageId, string? StructuredData, DateTimeOffset? Timestamp, SyslogFormat Format, bool Truncated, string Sender);
#pragma warning restore SYSLIB1015

    // Every malformed datagram is one record, never rate-limited: each is a message someone sent, as a valid one is.
    [LoggerMessage(2032, LogLevel.Warning, "Malformed syslog datagram on {Endpoint} from {Sender} ({Reason}); {Length} bytes, truncated={Truncated}, taken as user.notice with the whole datagram as its MSG (RFC 3164 §4.3.3): {Raw}", EventName = "SyslogMalformed")] internal static partial void LogMalformed(ILogger logger, string endpoint, string sender, string reason, int length, bool truncated, string raw);
    [LoggerMessage(2033, LogLevel.Warning, "Malformed syslog datagram on {Endpoint} from {Sender} pid={Pid} uid={Uid} gid={Gid} ({Reason}); {Length} bytes, truncated={Truncated}, taken as user.notice with the whole datagram as its MSG (RFC 3164 §4.3.3): {Raw}", EventName = "SyslogMalformedWithCredentials")] internal static partial void LogMalformedWithCredentials(ILogger logger, string endpoint, string sender, int pid, uint uid, uint gid, string reason, int length, bool truncated, string raw);
}
