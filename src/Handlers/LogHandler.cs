using System.Diagnostics.Metrics;
using UnixDatagram.Handlers.Internal;

namespace UnixDatagram.Handlers;

/// <summary>
/// Logs each datagram through <see cref="ILogger"/>: endpoint, sender, length, truncation, the sender's pid, uid and
/// gid when the endpoint passes credentials, and the payload as text or hex (<see cref="LogHandlerOptions"/>).
/// </summary>
/// <remarks>
/// <para>Registered as <see cref="BuiltInHandlerNames.Log"/>; its options come from <c>Daemon:Handlers:&lt;name&gt;</c>.
/// Event ids: 2000 (datagram), 2001 (with credentials), 2002 and 2003 (the same, payload cut to
/// <see cref="LogHandlerOptions.MaxBytes"/>, each counted in <see cref="Cut"/>, the <c>unixdgram.log.cut</c> counter).
/// Completes synchronously and never throws for any payload.</para>
/// <para>A datagram whose <see cref="LogHandlerOptions.Level"/> the logger does not log (the logging configuration's
/// minimum level for this category is above it) is not lost silently: it is counted (<see cref="Filtered"/>, the
/// metric <c>unixdgram.log.filtered</c>), and the handler warns (event 2004) naming the key and the minimum level
/// when it is created, when its options are reloaded, and whenever its datagrams stop being logged.</para>
/// </remarks>
public sealed class LogHandler : IDatagramHandler, IDisposable
{
    private static readonly string Category = typeof(LogHandler).FullName!;
    private readonly string _name;
    private readonly string _levelKey;
    private readonly ILogger _logger;
    private readonly NamedOptions<LogHandlerOptions> _options;
    private long _cut;
    private long _filtered;

    // 1 while datagrams are not logged: the warning is given when that starts, not for each datagram.
    private int _filtering;

    /// <summary>Creates the handler registered as <paramref name="name"/>.</summary>
    /// <param name="name">The name it is registered under, which selects its options.</param>
    /// <param name="options">The named options.</param>
    /// <param name="logger">Where datagrams are logged.</param>
    /// <param name="meterFactory">Creates the <c>UnixDatagram</c> meter for the <c>unixdgram.log.cut</c> and <c>unixdgram.log.filtered</c> counters; none when null.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; each failure names its configuration key.</exception>
    public LogHandler([ServiceKey] string name, IOptionsMonitor<LogHandlerOptions> options, ILogger<LogHandler> logger, IMeterFactory? meterFactory = null)
    {
        _name = name ?? throw new ArgumentNullException(nameof(name));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _levelKey = HandlerOptionsKeys.Key(name, nameof(LogHandlerOptions.Level));
        _options = new NamedOptions<LogHandlerOptions>(options, name, LogHandlerOptionsValidator.Instance, logger, applied => CheckLevel(applied.Level, always: true));
        HandlerMetrics.Counter(meterFactory, name, "unixdgram.log.cut", "{datagram}", "Datagrams logged with their payload cut at MaxBytes.", () => Cut);
        HandlerMetrics.Counter(meterFactory, name, "unixdgram.log.filtered", "{datagram}", "Datagrams not logged: their Level is below the logger's minimum level.", () => Filtered);
        CheckLevel(_options.Current.Level, always: true);
    }

    /// <summary>Datagrams not logged because the logger does not log their <see cref="LogHandlerOptions.Level"/>.</summary>
    public long Filtered => Interlocked.Read(ref _filtered);

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
            Interlocked.Increment(ref _filtered);
            if (Volatile.Read(ref _filtering) == 0)
            {
                CheckLevel(options.Level, always: false);
            }

            return default;
        }

        if (Volatile.Read(ref _filtering) != 0)
        {
            Volatile.Write(ref _filtering, 0);
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
                LogHandlerLog.LogDatagramCutWithCredentials(_logger, options.Level, context.EndpointName, sender, credentials.ProcessId, credentials.UserId, credentials.GroupId, context.DatagramLength, context.IsTruncated, shown.Length, text);
            }
            else
            {
                LogHandlerLog.LogDatagramWithCredentials(_logger, options.Level, context.EndpointName, sender, credentials.ProcessId, credentials.UserId, credentials.GroupId, context.DatagramLength, context.IsTruncated, text);
            }
        }
        else if (cut)
        {
            LogHandlerLog.LogDatagramCut(_logger, options.Level, context.EndpointName, sender, context.DatagramLength, context.IsTruncated, shown.Length, text);
        }
        else
        {
            LogHandlerLog.LogDatagram(_logger, options.Level, context.EndpointName, sender, context.DatagramLength, context.IsTruncated, text);
        }

        return default;
    }

    /// <summary>Stops following option reloads.</summary>
    public void Dispose() => _options.Dispose();

    /// <summary>
    /// Warns when the logger does not log <paramref name="level"/>: <paramref name="always"/> at creation and reload,
    /// otherwise only when datagrams were being logged until now (the minimum level can change while the host runs).
    /// </summary>
    private void CheckLevel(LogLevel level, bool always)
    {
        if (_logger.IsEnabled(level))
        {
            Volatile.Write(ref _filtering, 0);
            return;
        }

        if ((Interlocked.Exchange(ref _filtering, 1) == 0 || always) && _logger.IsEnabled(LogLevel.Warning))
        {
            var minimum = MinimumLevel();
            LogHandlerLog.LogLevelNotLogged(_logger, _name, _levelKey, level, minimum, Category);
        }
    }

    /// <summary>The lowest level the logger logs, found by asking it; <see cref="LogLevel.None"/> when it logs nothing.</summary>
    private LogLevel MinimumLevel()
    {
        for (var level = LogLevel.Trace; level < LogLevel.None; level++)
        {
            if (_logger.IsEnabled(level))
            {
                return level;
            }
        }

        return LogLevel.None;
    }
}
