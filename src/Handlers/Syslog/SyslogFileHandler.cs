using System.Diagnostics.Metrics;
using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Handlers;

/// <summary>
/// The system syslog daemon's core, as rsyslog's <c>omfile</c> with selector lines: parses each datagram as a syslog
/// message (<see cref="SyslogParser"/>) and appends one line for it to every file whose selector matches its facility
/// and severity (<see cref="SyslogFileHandlerOptions"/>), in rsyslog's traditional file format by default.
/// </summary>
/// <remarks>
/// <para>Registered as <see cref="BuiltInHandlerNames.SyslogFiles"/>; options from <c>Daemon:Handlers:&lt;name&gt;</c>,
/// checked when the handler is created (start fails naming the key). Lines are written by a writer task of its own,
/// in batches (one <c>write(2)</c> per file per batch, flushed whenever the queue runs empty), never to the log or
/// the journal. On reload (SIGHUP, <c>dgramd reload</c>) it takes the new options and opens every file again, which
/// is what logrotate's <c>postrotate</c> asks of a syslog daemon. At dispose (the host's stop) every queued line is
/// written before the files close.</para>
/// <para>A datagram that is not a syslog message is written raw (escaped) as <c>user.notice</c>, warned about
/// (rate-limited) and counted (<see cref="Malformed"/>). A MSG, or the raw text, longer than
/// <see cref="SyslogFileHandlerOptions.MaxMessageSize"/> is cut and ends with the cut marker, and so is STRUCTURED-DATA;
/// each such message is counted (<see cref="Cut"/>). So is a datagram the kernel truncated at the endpoint's
/// <c>MaxDatagramSize</c> (its <c>WhenTruncated</c> <c>Deliver</c>): its line ends with
/// <c>[datagram cut at MaxDatagramSize 100 of its 315 bytes]</c>, never written as if whole; header fields have their RFC 5424 lengths (see
/// <see cref="SyslogParser"/>), so no line grows with what a sender writes. A write error is counted (<see cref="WriteErrors"/>, <see cref="Lost"/>), logged rate-limited, and
/// the next line opens the file again; the handler itself never fails. The kernel-verified sender (journald forwards
/// with the original sender's credentials) is in the template fields <c>%pid%</c>, <c>%uid%</c>, <c>%gid%</c>.
/// What a sender may claim is not written as fact: as rsyslog does on local sockets, a line's <c>%TIMESTAMP%</c> is when
/// the message was received and its <c>%HOSTNAME%</c> this host's name, unless <see cref="SyslogFileHandlerOptions.IgnoreTimestamp"/>
/// is off or <see cref="SyslogFileHandlerOptions.ParseHostname"/> on; the claims are in <c>%timestamp-claimed%</c> and
/// <c>%hostname-claimed%</c>.
/// Facility <c>kern</c> from a sender that is not root (or whose credentials are unknown) is taken as <c>user</c>, as
/// journald does, so that no unprivileged sender writes to the kernel's files (see <see cref="SyslogHandler"/>).</para>
/// </remarks>
public sealed class SyslogFileHandler : IDatagramHandler, IDisposable
{
    private readonly string _name;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SyslogFileWriter _writer;
    private readonly IDisposable? _reload;
    private readonly RateLimiter _malformedLog;
    private readonly string _hostname = ShortHostname();
    private SyslogFileConfiguration _configuration;
    private long _malformed;
    private long _cut;

    /// <summary>Creates the handler registered as <paramref name="name"/>.</summary>
    /// <param name="name">The name it is registered under, which selects its options.</param>
    /// <param name="options">The named options; each change (a reload) is applied and reopens the files.</param>
    /// <param name="logger">Where write errors and malformed datagrams are reported (never the messages).</param>
    /// <param name="timeProvider">The clock and local time zone; the system's when null.</param>
    /// <param name="meterFactory">Creates the <c>UnixDatagram</c> meter for the counters; none when null.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; each failure names its configuration key.</exception>
    public SyslogFileHandler([ServiceKey] string name, IOptionsMonitor<SyslogFileHandlerOptions> options, ILogger<SyslogFileHandler> logger, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _name = name ?? throw new ArgumentNullException(nameof(name));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = timeProvider ?? TimeProvider.System;
        _malformedLog = new RateLimiter(_time, TimeSpan.FromSeconds(10));
        _configuration = Compile(options.Get(name));
        _writer = new SyslogFileWriter(name, _configuration, logger, _time);
        _reload = options.OnChange(OnOptionsChanged);
        HandlerMetrics.Counter(meterFactory, name, "unixdgram.syslog_files.written", "{line}", "Lines written to syslog files.", () => Written);
        HandlerMetrics.Counter(meterFactory, name, "unixdgram.syslog_files.write_errors", "{error}", "Failed opens and writes of syslog files.", () => WriteErrors);
        HandlerMetrics.Counter(meterFactory, name, "unixdgram.syslog_files.lost", "{line}", "Lines lost to failed writes.", () => Lost);
        HandlerMetrics.Counter(meterFactory, name, "unixdgram.syslog_files.malformed", "{datagram}", "Datagrams that were not syslog messages, each written raw as user.notice.", () => Malformed);
        HandlerMetrics.Counter(meterFactory, name, "unixdgram.syslog_files.cut", "{message}", "Messages whose MSG, STRUCTURED-DATA or raw text was cut at MaxMessageSize, or whose datagram was truncated at MaxDatagramSize.", () => Cut);
    }

    /// <summary>Lines written and flushed to their files.</summary>
    public long Written => _writer.Written;

    /// <summary>Failed opens, writes and flushes.</summary>
    public long WriteErrors => _writer.WriteErrors;

    /// <summary>Lines lost to failed opens, writes and flushes.</summary>
    public long Lost => _writer.Lost;

    /// <summary>Datagrams that were not syslog messages (each written raw as <c>user.notice</c>, and warned about as event 2042).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Messages whose MSG or STRUCTURED-DATA, or a malformed datagram's raw text, was cut at <see cref="SyslogFileHandlerOptions.MaxMessageSize"/>, or whose datagram the kernel truncated at the endpoint's <c>MaxDatagramSize</c> (each marked where it was cut).</summary>
    public long Cut => Interlocked.Read(ref _cut);

    /// <inheritdoc />
    public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var received = _time.GetUtcNow();
        var configuration = Volatile.Read(ref _configuration);
        var maxMessageSize = configuration.MaxMessageSize;
        if (SyslogParser.TryParse(context.Payload.Span, _time, maxMessageSize, out var message, out var error))
        {
            if (SyslogMessageSize.IsCut(message, context, maxMessageSize))
            {
                Interlocked.Increment(ref _cut);
            }

            if (message.MessageLength > maxMessageSize || context.IsTruncated)
            {
                message = message with { Message = SyslogMessageSize.Text(message, context, maxMessageSize), MessageLength = SyslogMessageSize.WholeLength(message, context) };
            }
        }
        else
        {
            Interlocked.Increment(ref _malformed);
            if (SyslogMessageSize.IsCut(context, maxMessageSize))
            {
                Interlocked.Increment(ref _cut);
            }

            if (_malformedLog.TryAcquire(out var suppressed))
            {
                SyslogFileHandlerLog.LogMalformed(_logger, _name, context.EndpointName, error, suppressed);
            }

            message = new SyslogMessage
            {
                Facility = SyslogFacility.User,
                Severity = SyslogSeverity.Notice,
                HasPriority = false,
                Message = SyslogMessageSize.RawText(context, maxMessageSize),
                MessageLength = context.DatagramLength,
            };
        }

        var facility = SyslogFacilityFixup.FromSender(message.Facility, context.Credentials);
        if (facility != message.Facility)
        {
            message = SyslogFacilityFixup.WithFacility(message, facility);
        }

        var reported = configuration.IgnoreTimestamp ? received : message.Timestamp ?? received;
        var hostname = configuration.ParseHostname ? message.Hostname ?? _hostname : _hostname;
        var entry = new SyslogFileEntry(message, received, reported, hostname, _time.LocalTimeZone, _hostname, context.Credentials, context.EndpointName);
        ValueTask pending = default;
        StringBuilder? line = null;
        foreach (var output in configuration.Outputs)
        {
            if (!output.Selector.Matches(message.Facility, message.Severity))
            {
                continue;
            }

            line = line is null ? new StringBuilder(message.Message.Length + 64) : line.Clear();
            output.Template.Render(line, entry);
            pending = pending.IsCompletedSuccessfully ? _writer.WriteAsync(output.Path, line.ToString(), cancellationToken) : Then(pending, output.Path, line.ToString(), cancellationToken);
        }

        return pending;
    }

    /// <summary>Writes every queued line, closes the files, and stops following reloads.</summary>
    public void Dispose()
    {
        _reload?.Dispose();
        _writer.Dispose();
    }

    private async ValueTask Then(ValueTask previous, string path, string line, CancellationToken cancellationToken)
    {
        await previous.ConfigureAwait(false);
        await _writer.WriteAsync(path, line, cancellationToken).ConfigureAwait(false);
    }

    private void OnOptionsChanged(SyslogFileHandlerOptions options, string? name)
    {
        if (!string.Equals(name ?? Options.DefaultName, _name, StringComparison.Ordinal))
        {
            return;
        }

        if (SyslogFileConfiguration.TryCompile(_name, options, Environment.GetEnvironmentVariable, out var next, out var failures))
        {
            Volatile.Write(ref _configuration, next);
        }
        else
        {
            var errors = string.Join(" ", failures);
            HandlerOptionsLog.LogInvalidReload(_logger, _name, errors);
        }

        // A reload reopens the files either way: logrotate's postrotate HUP means "let go of the renamed file".
        var current = Volatile.Read(ref _configuration);
        _writer.Reopen(current);
        var files = string.Join(", ", current.Outputs.Select(o => o.Path).Distinct(StringComparer.Ordinal));
        SyslogFileHandlerLog.LogReopened(_logger, _name, files);
    }

    private SyslogFileConfiguration Compile(SyslogFileHandlerOptions options) =>
        SyslogFileConfiguration.TryCompile(_name, options, Environment.GetEnvironmentVariable, out var configuration, out var failures)
            ? configuration
            : throw new OptionsValidationException(_name, typeof(SyslogFileHandlerOptions), failures);

    /// <summary>This host's name up to the first dot, as rsyslog writes it for local messages.</summary>
    private static string ShortHostname()
    {
        var name = Environment.MachineName;
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? name[..dot] : name;
    }
}
