using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Handlers;

/// <summary>
/// Reads each datagram as a syslog message (RFC 3164 or RFC 5424, as <c>logger</c> and glibc's <c>syslog(3)</c> send
/// them; see <see cref="SyslogParser"/>) and logs it as a structured event.
/// </summary>
/// <remarks>
/// <para>Registered as <see cref="BuiltInHandlerNames.Syslog"/>. The event's level follows the severity (emerg, alert,
/// crit: Critical; err: Error; warning: Warning; notice, info: Information; debug: Debug). Its fields: <c>Facility</c>
/// and <c>Severity</c> as keywords (<c>local3</c>, <c>warning</c>), <c>App</c>, <c>ClaimedPid</c> (the pid the message
/// claims; <c>-</c> for fields the message lacks), <c>Endpoint</c>, <c>Message</c>, and when the endpoint passes
/// credentials <c>Pid</c>, <c>Uid</c>, <c>Gid</c> as the kernel vouches for them (any sender can write any
/// <c>ClaimedPid</c>, but only a privileged one, with <c>CAP_SYS_ADMIN</c>, can pass another pid to the kernel: root's
/// <c>logger --id=42</c> does); in the state only, <c>Hostname</c>, <c>MessageId</c>, <c>StructuredData</c>, <c>Timestamp</c>,
/// <c>Format</c>, <c>Truncated</c>, <c>Sender</c>. Event ids: 2030, and 2031 with credentials.</para>
/// <para>A datagram that is not a syslog message is never dropped silently: it is logged raw as a warning, escaped,
/// with the reason (events 2032 and 2033). The handler never throws and completes synchronously.</para>
/// </remarks>
public sealed class SyslogHandler : IDatagramHandler
{
    private const string Missing = "-";

    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    // The last named sender's display text: a busy sender's messages share one string (addresses own their bytes).
    private volatile CachedSenderText? _lastSender;

    /// <summary>Creates the handler.</summary>
    /// <param name="logger">Where messages are logged.</param>
    /// <param name="timeProvider">The clock and local time zone RFC 3164 timestamps are read against; the system's when null.</param>
    public SyslogHandler(ILogger<SyslogHandler> logger, TimeProvider? timeProvider = null)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (SyslogParser.TryParse(context.Payload.Span, _time, out var message, out var error))
        {
            LogMessage(context, message);
        }
        else
        {
            LogMalformed(context, error);
        }

        return default;
    }

    private void LogMessage(DatagramContext context, SyslogMessage message)
    {
        var level = SyslogNames.ToLogLevel(message.Severity);
        if (!_logger.IsEnabled(level))
        {
            return;
        }

        var facility = SyslogNames.Keyword(message.Facility);
        var severity = SyslogNames.Keyword(message.Severity);
        var app = message.AppName ?? Missing;
        var claimedPid = message.ProcessId ?? Missing;
        var sender = SenderText(context.Sender);
        if (context.Credentials is { } credentials)
        {
            SyslogHandlerLog.MessageWithCredentials(
                _logger, level, facility, severity, app, claimedPid, context.EndpointName, credentials.ProcessId, credentials.UserId, credentials.GroupId, message.Message,
                message.Hostname, message.MessageId, message.StructuredData, message.Timestamp, message.Format, context.IsTruncated, sender);
        }
        else
        {
            SyslogHandlerLog.Message(
                _logger, level, facility, severity, app, claimedPid, context.EndpointName, message.Message,
                message.Hostname, message.MessageId, message.StructuredData, message.Timestamp, message.Format, context.IsTruncated, sender);
        }
    }

    private string SenderText(UnixSocketAddress sender)
    {
        if (!sender.IsAddressable)
        {
            return sender.ToString();
        }

        if (_lastSender is { } last && last.Address == sender)
        {
            return last.Text;
        }

        var text = sender.ToString();
        _lastSender = new CachedSenderText(sender, text);
        return text;
    }

    private void LogMalformed(DatagramContext context, string reason)
    {
        var raw = DisplayText.FromUtf8(context.Payload.Span);
        var sender = context.Sender.ToString();
        if (context.Credentials is { } credentials)
        {
            SyslogHandlerLog.MalformedWithCredentials(_logger, context.EndpointName, sender, credentials.ProcessId, credentials.UserId, credentials.GroupId, reason, context.DatagramLength, context.IsTruncated, raw);
        }
        else
        {
            SyslogHandlerLog.Malformed(_logger, context.EndpointName, sender, reason, context.DatagramLength, context.IsTruncated, raw);
        }
    }
}
