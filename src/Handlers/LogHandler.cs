using System.Diagnostics.Metrics;
using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Handlers;

/// <summary>
/// Logs each datagram through <see cref="ILogger"/>: endpoint, sender, length, truncation, the sender's pid, uid and
/// gid when the endpoint passes credentials, and the payload as text or hex (<see cref="LogHandlerOptions"/>).
/// </summary>
/// <remarks>
/// Registered as <see cref="BuiltInHandlerNames.Log"/>; its options come from <c>Daemon:Handlers:&lt;name&gt;</c>.
/// Event ids: 2000 (datagram), 2001 (with credentials), 2002 and 2003 (the same, payload cut to
/// <see cref="LogHandlerOptions.MaxBytes"/>, each counted in <see cref="Cut"/>, the <c>unixdgram.log.cut</c> counter).
/// Completes synchronously and never throws for any payload.
/// </remarks>
public sealed class LogHandler : IDatagramHandler, IDisposable
{
    private readonly ILogger _logger;
    private readonly NamedOptions<LogHandlerOptions> _options;
    private long _cut;

    /// <summary>Creates the handler registered as <paramref name="name"/>.</summary>
    /// <param name="name">The name it is registered under, which selects its options.</param>
    /// <param name="options">The named options.</param>
    /// <param name="logger">Where datagrams are logged.</param>
    /// <param name="meterFactory">Creates the <c>UnixDatagram</c> meter for the <c>unixdgram.log.cut</c> counter; none when null.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; each failure names its configuration key.</exception>
    public LogHandler([ServiceKey] string name, IOptionsMonitor<LogHandlerOptions> options, ILogger<LogHandler> logger, IMeterFactory? meterFactory = null)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _options = new NamedOptions<LogHandlerOptions>(options, name, LogHandlerOptionsValidator.Instance, logger);
        HandlerMetrics.Counter(meterFactory, name, "unixdgram.log.cut", "{datagram}", "Datagrams logged with their payload cut at MaxBytes.", () => Cut);
    }

    /// <summary>Datagrams logged with their payload cut at <see cref="LogHandlerOptions.MaxBytes"/> (events 2002 and 2003).</summary>
    public long Cut => Interlocked.Read(ref _cut);

    /// <inheritdoc />
    public ValueTask HandleAsync(DatagramContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = _options.Current;

        // Checked first so that a disabled level costs no formatting.
        if (!_logger.IsEnabled(options.Level))
        {
            return default;
        }

        var payload = context.Payload.Span;
        var hex = options.Format == PayloadFormat.Hex;
        var shown = hex ? payload[..Math.Min(payload.Length, options.MaxBytes)] : DisplayText.CutUtf8(payload, options.MaxBytes);
        var text = hex ? DisplayText.Hex(shown) : DisplayText.FromUtf8(shown);
        var sender = context.Sender.ToString();
        var cut = shown.Length < payload.Length;
        if (cut)
        {
            Interlocked.Increment(ref _cut);
        }

        if (context.Credentials is { } credentials)
        {
            if (cut)
            {
                LogHandlerLog.DatagramCutWithCredentials(_logger, options.Level, context.EndpointName, sender, credentials.ProcessId, credentials.UserId, credentials.GroupId, context.DatagramLength, context.IsTruncated, shown.Length, text);
            }
            else
            {
                LogHandlerLog.DatagramWithCredentials(_logger, options.Level, context.EndpointName, sender, credentials.ProcessId, credentials.UserId, credentials.GroupId, context.DatagramLength, context.IsTruncated, text);
            }
        }
        else if (cut)
        {
            LogHandlerLog.DatagramCut(_logger, options.Level, context.EndpointName, sender, context.DatagramLength, context.IsTruncated, shown.Length, text);
        }
        else
        {
            LogHandlerLog.Datagram(_logger, options.Level, context.EndpointName, sender, context.DatagramLength, context.IsTruncated, text);
        }

        return default;
    }

    /// <summary>Stops following option reloads.</summary>
    public void Dispose() => _options.Dispose();
}
