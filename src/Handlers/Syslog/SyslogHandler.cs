using System.Diagnostics.Metrics;
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
/// <c>Format</c>, <c>Truncated</c>, <c>Sender</c>. Event ids: 2030, and 2031 with credentials; 2034 and 2035 when the
/// MSG was longer than <see cref="SyslogHandlerOptions.MaxMessageSize"/> and is logged cut (with <c>MessageLength</c>,
/// its whole length in bytes), and counted (<see cref="Cut"/>, the metric <c>unixdgram.syslog.cut</c>). A message whose
/// datagram the kernel truncated at the endpoint's <c>MaxDatagramSize</c> (its <c>WhenTruncated</c> <c>Deliver</c>) is
/// never logged as if whole: 2036 and 2037 end it with <c>[datagram cut at MaxDatagramSize 100 of its 315 bytes]</c> and
/// carry <c>MessageLength</c> (the MSG's whole length), or 2034 and 2035 when its MSG was also over <c>MaxMessageSize</c>;
/// it is counted in <see cref="Cut"/> as well.</para>
/// <para>Facility <c>kern</c> (PRI 0 to 7) is taken as <c>user</c> unless the kernel vouches that the sender is root
/// (uid 0 in the credentials): as journald does with every message on <c>/dev/log</c> (<c>syslog_fixup_facility()</c>
/// in journald-syslog.c), since the kernel's own messages never come through a socket, so that an unprivileged sender
/// cannot pass for the kernel.</para>
/// <para>A datagram that is not a syslog message is never dropped silently: each one is logged as a warning with the
/// reason (events 2032 and 2033), its whole text escaped as the MSG of a <c>user.notice</c> message, as RFC 3164 §4.3.3
/// asks of a relay that receives no valid PRI, cut at <see cref="SyslogHandlerOptions.MaxMessageSize"/> with the cut
/// marker (counted in <see cref="Cut"/> as well when it was); each is counted (<see cref="Malformed"/>, the metric
/// <c>unixdgram.syslog.malformed</c>). None is held back
/// by a rate limit: any sender can already log one record per datagram with a valid message, and the endpoint's
/// per-sender rate limit bounds both alike. The handler never throws and completes synchronously.</para>
/// <para>A message whose level the logger does not log (its minimum level for this category is above it: <c>debug</c>
/// messages under the usual minimum level Information) is not logged, as a syslog daemon's level filter does, and is
/// counted (<see cref="Filtered"/>, the metric <c>unixdgram.syslog.filtered</c>).</para>
/// <para>The event's time is when it was logged. What the message claims of its origin, its TIMESTAMP and HOSTNAME, is
/// only in the fields <c>Timestamp</c> and <c>Hostname</c>, never in the event's time or rendered text.</para>
/// </remarks>
public sealed class SyslogHandler : IDatagramHandler, IDisposable
{
    private const string Missing = "-";

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly NamedOptions<SyslogHandlerOptions> _options;
    private long _malformed;
    private long _cut;
    private long _filtered;

    // The last named sender's display text: a busy sender's messages share one string (addresses own their bytes).
    private volatile CachedSenderText? _lastSender;

    /// <summary>Creates the handler registered as <paramref name="name"/>.</summary>
    /// <param name="name">The name it is registered under, which selects its options.</param>
    /// <param name="options">The named options.</param>
    /// <param name="logger">Where messages are logged.</param>
    /// <param name="timeProvider">The clock and local time zone RFC 3164 timestamps are read against; the system's when null.</param>
    /// <param name="meterFactory">Creates the <c>UnixDatagram</c> meter for the <c>unixdgram.syslog.malformed</c>, <c>unixdgram.syslog.cut</c> and <c>unixdgram.syslog.filtered</c> counters; none when null.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; each failure names its configuration key.</exception>
    public SyslogHandler([ServiceKey] string name, IOptionsMonitor<SyslogHandlerOptions> options, ILogger<SyslogHandler> logger, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _options = new NamedOptions<SyslogHandlerOptions>(options, name, SyslogHandlerOptionsValidator.Instance, logger);
        _time = timeProvider ?? TimeProvider.System;
        HandlerMetrics.Counter(meterFactory, name, "unixdgram.syslog.malformed", "{datagram}", "Datagrams that were not syslog messages, each logged raw as user.notice.", () => Malformed);
        HandlerMetrics.Counter(meterFactory, name, "unixdgram.syslog.cut", "{message}", "Messages whose MSG, STRUCTURED-DATA or raw text was logged cut at MaxMessageSize, or whose datagram was truncated at MaxDatagramSize.", () => Cut);
        HandlerMetrics.Counter(meterFactory, name, "unixdgram.syslog.filtered", "{message}", "Messages not logged: the logger's minimum level is above their level.", () => Filtered);
    }

    /// <summary>Datagrams that were not syslog messages (each logged raw, as event 2032 or 2033).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Messages whose MSG or STRUCTURED-DATA, or a malformed datagram's raw text, was cut at <see cref="SyslogHandlerOptions.MaxMessageSize"/> (logged with the cut marker; events 2034 and 2035 for a MSG), or whose datagram the kernel truncated at the endpoint's <c>MaxDatagramSize</c> (events 2036 and 2037).</summary>
    public long Cut => Interlocked.Read(ref _cut);

    /// <summary>
    /// Messages not logged because the logger does not log their severity's level (as <c>*.debug</c> under the usual
    /// minimum level Information): a syslog daemon's level filter, counted so that none goes unseen.
    /// </summary>
    public long Filtered => Interlocked.Read(ref _filtered);

    /// <inheritdoc />
    public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var maxMessageSize = _options.Current.MaxMessageSize;
        if (SyslogParser.TryParse(context.Payload.Span, _time, maxMessageSize, out var message, out var error))
        {
            // Counted whether or not the message's level is logged, as malformed datagrams are.
            if (SyslogMessageSize.IsCut(message, context, maxMessageSize))
            {
                Interlocked.Increment(ref _cut);
            }

            LogMessage(context, message, maxMessageSize);
        }
        else
        {
            LogMalformed(context, error, maxMessageSize);
        }

        return default;
    }

    /// <summary>Stops following option reloads.</summary>
    public void Dispose() => _options.Dispose();

    private void LogMessage(DatagramContext context, SyslogMessage message, int maxMessageSize)
    {
        var level = SyslogNames.ToLogLevel(message.Severity);
        if (!_logger.IsEnabled(level))
        {
            Interlocked.Increment(ref _filtered);
            return;
        }

        var facility = SyslogNames.Keyword(SyslogFacilityFixup.FromSender(message.Facility, context.Credentials));
        var severity = SyslogNames.Keyword(message.Severity);
        var app = message.AppName ?? Missing;
        var claimedPid = message.ProcessId ?? Missing;
        var sender = SenderText(context.Sender);
        if (message.MessageLength > maxMessageSize)
        {
            LogCut(context, message, maxMessageSize, level, facility, severity, app, claimedPid, sender);
        }
        else if (context.IsTruncated)
        {
            LogTruncated(context, message, level, facility, severity, app, claimedPid, sender);
        }
        else if (context.Credentials is { } credentials)
        {
            SyslogHandlerLog.LogMessageWithCredentials(
                _logger, level, facility, severity, app, claimedPid, context.EndpointName, credentials.ProcessId, credentials.UserId, credentials.GroupId, message.Message,
                message.Hostname, message.MessageId, message.StructuredData, message.Timestamp, message.Format, context.IsTruncated, sender);
        }
        else
        {
            SyslogHandlerLog.LogMessage(
                _logger, level, facility, severity, app, claimedPid, context.EndpointName, message.Message,
                message.Hostname, message.MessageId, message.StructuredData, message.Timestamp, message.Format, context.IsTruncated, sender);
        }
    }

    private void LogCut(DatagramContext context, SyslogMessage message, int maxMessageSize, LogLevel level, string facility, string severity, string app, string claimedPid, string sender)
    {
        var whole = SyslogMessageSize.WholeLength(message, context);
        if (context.Credentials is { } credentials)
        {
            SyslogHandlerLog.LogMessageCutWithCredentials(
                _logger, level, facility, severity, app, claimedPid, context.EndpointName, credentials.ProcessId, credentials.UserId, credentials.GroupId, message.Message, maxMessageSize, whole,
                message.Hostname, message.MessageId, message.StructuredData, message.Timestamp, message.Format, context.IsTruncated, sender);
        }
        else
        {
            SyslogHandlerLog.LogMessageCut(
                _logger, level, facility, severity, app, claimedPid, context.EndpointName, message.Message, maxMessageSize, whole,
                message.Hostname, message.MessageId, message.StructuredData, message.Timestamp, message.Format, context.IsTruncated, sender);
        }
    }

    /// <summary>A message whose datagram the kernel truncated (the endpoint's <c>WhenTruncated</c> <c>Deliver</c>): logged with the datagram marker, never as if whole.</summary>
    private void LogTruncated(DatagramContext context, SyslogMessage message, LogLevel level, string facility, string severity, string app, string claimedPid, string sender)
    {
        var kept = context.Payload.Length;
        var whole = SyslogMessageSize.WholeLength(message, context);
        if (context.Credentials is { } credentials)
        {
            SyslogHandlerLog.LogMessageTruncatedWithCredentials(
                _logger, level, facility, severity, app, claimedPid, context.EndpointName, credentials.ProcessId, credentials.UserId, credentials.GroupId, message.Message, kept, context.DatagramLength, whole,
                message.Hostname, message.MessageId, message.StructuredData, message.Timestamp, message.Format, context.IsTruncated, sender);
        }
        else
        {
            SyslogHandlerLog.LogMessageTruncated(
                _logger, level, facility, severity, app, claimedPid, context.EndpointName, message.Message, kept, context.DatagramLength, whole,
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

    private void LogMalformed(DatagramContext context, string reason, int maxMessageSize)
    {
        Interlocked.Increment(ref _malformed);
        if (SyslogMessageSize.IsCut(context, maxMessageSize))
        {
            Interlocked.Increment(ref _cut);
        }

        if (!_logger.IsEnabled(LogLevel.Warning))
        {
            Interlocked.Increment(ref _filtered);
            return;
        }

        var raw = SyslogMessageSize.RawText(context, maxMessageSize);
        var sender = context.Sender.ToString();
        if (context.Credentials is { } credentials)
        {
            SyslogHandlerLog.LogMalformedWithCredentials(_logger, context.EndpointName, sender, credentials.ProcessId, credentials.UserId, credentials.GroupId, reason, context.DatagramLength, context.IsTruncated, raw);
        }
        else
        {
            SyslogHandlerLog.LogMalformed(_logger, context.EndpointName, sender, reason, context.DatagramLength, context.IsTruncated, raw);
        }
    }
}
